//! Transcripts of `aqiqat link`: the victims preset on a tiny set of lists, a settings file, and
//! bad input that stops the run with file, row and column.

use std::path::Path;

use super::{aqiqat, stderr};

const HEADER: &str =
    "record_id,full_name,surname,given_name,patronymic,birth_date,age,gender,death_date,place,circumstances\n";

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn victim_lists(dir: &Path) {
    write(
        dir,
        "official.csv",
        &format!(
            "{HEADER}PGO-1,Серикбаев Е.С.,Серикбаев,Е.,С.,,,,2022-01-05,,\n\
             PGO-2,Ахметов А.Б.,Ахметов,А.,Б.,,,,2022-01-07,,\n\
             PGO-3,Жексенов Ж.Н.,Жексенов,Ж.,Н.,,,,2022-01-06,,\n"
        ),
    );
    write(
        dir,
        "ngo.csv",
        &format!(
            "{HEADER}ARH-1,Ерлан Серікбаев,Серікбаев,Ерлан,Серікұлы,,50,m,2022-01-05,Алматы,\n\
             ARH-2,Асхат Ахметов,Ахметов,Асхат,,1990,,m,2022-01-07,Алматы,\n\
             ARH-3,Алмас Ахметов,Ахметов,Алмас,,1985,,m,2022-01-07,Алматы,\n\
             ARH-4,Жандос Жексен,Жексен,Жандос,,,42,m,2022-01-06,Талдықорған,\n"
        ),
    );
    write(
        dir,
        "media.csv",
        &format!(
            "{HEADER}MED-1,SERIKBAYEV Yerlan,SERIKBAYEV,Yerlan,,,50,m,2022-01-05,Almaty,\n\
             MED-2,Zhandos ZHEKSENOV,ZHEKSENOV,Zhandos,,,42,,,Taldykorgan,\n\
             MED-3,Nurlan Saparov,Saparov,Nurlan,,,33,,2022-01-08,Almaty,\n"
        ),
    );
}

/// The clusters file as `source:record_id` groups of two or more, sorted.
fn groups(clusters: &str) -> Vec<String> {
    let mut by_cluster: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    let mut lines = clusters.lines();
    assert_eq!(lines.next(), Some("source,record_id,cluster_id"));
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        by_cluster.entry(cells[2]).or_default().push(format!("{}:{}", cells[0], cells[1]));
    }
    let mut out: Vec<String> = by_cluster.into_values().filter(|g| g.len() > 1).map(|g| g.join(" ")).collect();
    out.sort();
    out
}

#[test]
fn link_preset_victims_links_across_scripts() {
    let dir = tempfile::tempdir().unwrap();
    victim_lists(dir.path());
    let run = aqiqat(
        dir.path(),
        &[
            "link",
            "--preset",
            "victims",
            "--input",
            "official.csv",
            "--input",
            "ngo.csv",
            "--input",
            "media.csv",
            "--output",
            "clusters.csv",
            "--pairs",
            "pairs.csv",
            "--explain",
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).starts_with("linked 10 records from 3 sources into "), "{}", stderr(&run));
    let clusters = std::fs::read_to_string(dir.path().join("clusters.csv")).unwrap();
    assert_eq!(clusters.lines().count(), 11, "every record once: {clusters}");
    // Ахметов А.Б. fits two people (Асхат and Алмас) and stays alone.
    assert_eq!(
        groups(&clusters),
        ["official:PGO-1 ngo:ARH-1 media:MED-1", "official:PGO-3 ngo:ARH-4 media:MED-2"],
        "{clusters}"
    );
    let pairs = std::fs::read_to_string(dir.path().join("pairs.csv")).unwrap();
    assert!(
        pairs.starts_with(
            "source_l,record_id_l,source_r,record_id_r,match_weight,match_probability,blocking_rule,explanation\n"
        ),
        "{pairs}"
    );
    assert!(pairs.contains("name.surname `серікбаев` vs `serikbayev`: same after transliteration"), "{pairs}");
}

#[test]
fn link_config_reads_files_relative_to_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    let people = [
        ("michaela", "neumann", "19151111", "5304218"),
        ("courtney", "painter", "19161214", "4066625"),
        ("charles", "green", "19480930", "4365168"),
        ("vanessa", "parr", "19951119", "1059599"),
        ("mikayla", "malloney", "19860208", "7207688"),
        ("blake", "howie", "19830419", "2587433"),
    ];
    let mut a = String::from("rec_id,given_name,surname,date_of_birth,soc_sec_id\n");
    let mut b = a.clone();
    for (i, (given, surname, born, id)) in people.iter().enumerate() {
        a.push_str(&format!("rec-{i}-org,{given},{surname},{born},{id}\n"));
        // The copy in B: a typo in the surname, one digit of the id changed.
        let typo = format!("{}{}", &surname[..surname.len() - 1], "x");
        let id = format!("{}9", &id[..id.len() - 1]);
        b.push_str(&format!("rec-{i}-dup-0,{given},{typo},{born},{id}\n"));
    }
    write(&dir.path().join("data"), "a.csv", &a);
    write(&dir.path().join("data"), "b.csv", &b);
    write(
        dir.path(),
        "settings.toml",
        r#"
files = ["a.csv", "b.csv"]
record_id = "rec_id"
link_type = "link-only"
threshold = 0.9
blocking = [["given_name"], ["date_of_birth"]]

[[field]]
name = "given_name"
kind = "given-name"

[[field]]
name = "surname"
kind = "surname"

[[field]]
name = "date_of_birth"
kind = "date"

[[field]]
name = "soc_sec_id"
kind = "numeric"

[[comparison]]
field = "soc_sec_id"
levels = [{ when = "exact" }, { label = "close", when = ["damerau-levenshtein <= 1"] }]
"#,
    );
    let run =
        aqiqat(dir.path(), &["link", "--config", "settings.toml", "--data-dir", "data", "--output", "clusters.csv"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let clusters = std::fs::read_to_string(dir.path().join("clusters.csv")).unwrap();
    let expected: Vec<String> = (0..people.len()).map(|i| format!("a:rec-{i}-org b:rec-{i}-dup-0")).collect();
    assert_eq!(groups(&clusters), expected, "{clusters}");
}

#[test]
fn link_names_the_bad_file_row_and_column_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    victim_lists(dir.path());
    write(
        dir.path(),
        "bad.csv",
        &format!("{HEADER}B-1,Ерлан Серикбаев,,,,1971-02-03,,,,,\nB-2,Асхат Ахметов,,,,03.1990,,,,,\n"),
    );
    let run = aqiqat(
        dir.path(),
        &["link", "--preset", "victims", "--input", "ngo.csv", "--input", "bad.csv", "--output", "clusters.csv"],
    );
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        stderr(&run),
        "error: bad.csv, row 2, column birth_date: `03.1990` is not a date (expected YYYY-MM-DD, YYYYMMDD, YYYY-MM, \
         YYYY or DD.MM.YYYY)\n"
    );
    assert!(!dir.path().join("clusters.csv").exists());
    assert!(!dir.path().join("clusters.csv.partial").exists());

    write(dir.path(), "dup.csv", &format!("{HEADER}D-1,Ерлан Серикбаев,,,,,,,,,\nD-1,Асхат Ахметов,,,,,,,,,\n"));
    let run = aqiqat(dir.path(), &["link", "--preset", "victims", "--input", "dup.csv", "--output", "clusters.csv"]);
    assert_eq!(
        stderr(&run),
        "error: dup.csv, row 2, column record_id: record id `D-1` appears twice (first in row 1)\n"
    );

    write(dir.path(), "short.csv", &format!("{HEADER}S-1,Ерлан Серикбаев,,,\n"));
    let run = aqiqat(dir.path(), &["link", "--preset", "victims", "--input", "short.csv", "--output", "clusters.csv"]);
    assert_eq!(stderr(&run), "error: short.csv, row 1: found 5 fields, but the header has 11\n");

    write(dir.path(), "noid.csv", "id,full_name\n1,Ерлан Серикбаев\n");
    let run = aqiqat(dir.path(), &["link", "--preset", "victims", "--input", "noid.csv", "--output", "clusters.csv"]);
    assert_eq!(stderr(&run), "error: noid.csv: the header has no record id column `record_id` (it has id,full_name)\n");

    write(
        dir.path(),
        "typo.toml",
        "files = [\"ngo.csv\"]\nrecord_id = \"record_id\"\nlink_type = \"dedupe\"\nblocking = [[\"name\"]]\nthreshhold = 0.5\n",
    );
    let run = aqiqat(dir.path(), &["link", "--config", "typo.toml", "--output", "clusters.csv"]);
    assert!(stderr(&run).starts_with("error: typo.toml: unknown field `threshhold`"), "{}", stderr(&run));
    assert!(!dir.path().join("clusters.csv").exists());
}
