//! `aqiqat import` and `aqiqat registry …` on a small demo database.

use crate::{aqiqat, stderr};

#[test]
fn import_link_and_export_capture_histories() {
    let dir = tempfile::tempdir().unwrap();
    let built = aqiqat(dir.path(), &["demo", "--db", "demo.db", "--small", "--no-serve"]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(stderr(&built).contains("pairs waiting for review"), "{}", stderr(&built));
    let credentials = std::fs::read_to_string(dir.path().join("demo-credentials.txt")).unwrap();
    assert!(credentials.contains("investigator user name: investigator"), "{credentials}");

    std::fs::write(
        dir.path().join("families.csv"),
        "ФИО;Дата гибели;Пол\nИванов Иван;05.01.2022;м\nПетров Пётр;2022-13-01;?\n",
    )
    .unwrap();
    let import = ["import", "--db", "demo.db", "--source-title", "Family reports", "--source-kind", "family-report"];
    let imported = aqiqat(dir.path(), &[&import[..], &["families.csv"]].concat());
    assert!(imported.status.success(), "{}", stderr(&imported));
    let text = stderr(&imported);
    assert!(text.contains("families.csv, row 2, column Дата гибели: `2022-13-01`: bad-date"), "{text}");
    assert!(text.contains("families.csv, row 2, column Пол: `?`: bad-gender"), "{text}");
    assert!(text.contains("imported 2 records from families.csv into `Family reports`"), "{text}");
    let again = aqiqat(dir.path(), &[&import[..], &["families.csv"]].concat());
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("was imported before, as families.csv"), "{}", stderr(&again));
    std::fs::write(dir.path().join("other.csv"), "Name\nBolat\n").unwrap();
    let mapped = aqiqat(dir.path(), &[&import[..], &["--map", "surname=Name", "other.csv"]].concat());
    assert!(mapped.status.success(), "{}", stderr(&mapped));
    let bad_map = aqiqat(dir.path(), &[&import[..], &["--map", "name=Name", "families.csv"]].concat());
    assert!(stderr(&bad_map).contains("unknown field `name`"), "{}", stderr(&bad_map));

    let linked = aqiqat(dir.path(), &["registry", "link", "--db", "demo.db"]);
    assert!(linked.status.success(), "{}", stderr(&linked));
    assert!(stderr(&linked).contains("from 5 lists into"), "{}", stderr(&linked));

    let written = aqiqat(
        dir.path(),
        &["registry", "capture-histories", "--db", "demo.db", "--by", "place", "--output", "ch.csv"],
    );
    assert!(written.status.success(), "{}", stderr(&written));
    let csv = std::fs::read_to_string(dir.path().join("ch.csv")).unwrap();
    assert!(csv.starts_with("stratum,official,ngo,media,morgue,family,count\n"), "{csv}");
    let plain = aqiqat(dir.path(), &["registry", "capture-histories", "--db", "demo.db", "--output", "plain.csv"]);
    assert!(plain.status.success());
    assert_eq!(std::fs::read_to_string(dir.path().join("plain.csv")).unwrap().lines().count(), 32);

    let verified = aqiqat(dir.path(), &["verify", "--db", "demo.db"]);
    assert!(verified.status.success(), "{}", stderr(&verified));
}
