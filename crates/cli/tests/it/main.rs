//! Command-line transcripts: the real `aqiqat` binary in a temporary folder.

use std::path::Path;
use std::process::{Command, Output};

mod canary;
mod estimate;
mod evidence;
mod keys;
mod link;
mod publish;
mod registry;
mod tidy;

fn aqiqat(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aqiqat")).args(args).current_dir(dir).output().expect("aqiqat runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn demo_builds_verifies_and_exports_the_lists() {
    let dir = tempfile::tempdir().unwrap();
    let built = aqiqat(dir.path(), &["demo", "--db", "demo.db", "--small", "--no-serve", "--export-lists", "lists"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let credentials = std::fs::read_to_string(dir.path().join("demo-credentials.txt")).unwrap();
    assert!(credentials.contains("user name: admin"), "{credentials}");
    for list in ["official", "ngo", "media", "morgue"] {
        let csv = std::fs::read_to_string(dir.path().join("lists").join(format!("{list}.csv"))).unwrap();
        assert!(
            csv.starts_with(
                "record_id,full_name,surname,given_name,patronymic,birth_date,age,gender,death_date,place,circumstances\n"
            ),
            "{list}"
        );
    }
    assert!(dir.path().join("lists/truth.csv").exists());

    let verified = aqiqat(dir.path(), &["verify", "--db", "demo.db"]);
    assert!(verified.status.success(), "{}", stderr(&verified));
    assert!(stderr(&verified).starts_with("ok: "), "{}", stderr(&verified));

    // A second run finds the scenario and leaves it alone.
    let again = aqiqat(dir.path(), &["demo", "--db", "demo.db", "--small", "--no-serve"]);
    assert!(again.status.success());
    assert!(stderr(&again).contains("already holds a scenario"), "{}", stderr(&again));
}

#[test]
fn demo_exports_a_dedupe_set_without_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let run = aqiqat(dir.path(), &["demo", "--export-dedupe", "synth", "--n-records", "500", "--seed", "7"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let message = stderr(&run);
    assert!(message.starts_with("wrote 500 records of "), "{message}");
    assert!(message.contains("persons by number of records: 1: "), "{message}");
    assert!(message.contains("records by style: cyrillic-russian "), "{message}");
    let records = std::fs::read_to_string(dir.path().join("synth/dedupe.csv")).unwrap();
    let truth = std::fs::read_to_string(dir.path().join("synth/dedupe-truth.csv")).unwrap();
    assert!(
        records.starts_with(
            "record_id,full_name,surname,given_name,patronymic,birth_date,age,gender,death_date,place,circumstances\n\
             R0000001,"
        ),
        "{records}"
    );
    assert!(truth.starts_with("source,record_id,entity_id\ndedupe,R0000001,P"), "{truth}");
    assert_eq!((records.lines().count(), truth.lines().count()), (501, 501));
    // Nothing else: no database, key file or credentials.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    assert_eq!(std::fs::read_dir(dir.path().join("synth")).unwrap().count(), 2);

    let again = aqiqat(dir.path(), &["demo", "--export-dedupe", "again", "--n-records", "500", "--seed", "7"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(dir.path().join("again/dedupe.csv")).unwrap(), records, "same seed, same bytes");

    let with_db = aqiqat(dir.path(), &["demo", "--export-dedupe", "x", "--db", "demo.db"]);
    assert_eq!(with_db.status.code(), Some(2));
    assert!(stderr(&with_db).contains("cannot be used with"), "{}", stderr(&with_db));
    assert!(!dir.path().join("x").exists() && !dir.path().join("demo.db").exists());
}

#[test]
fn init_then_user_add_prints_a_password() {
    let dir = tempfile::tempdir().unwrap();
    assert!(aqiqat(dir.path(), &["init", "--db", "team.db"]).status.success());
    assert!(dir.path().join("team.db.key").exists());
    let added =
        aqiqat(dir.path(), &["user", "add", "--db", "team.db", "--username", "aigul", "--role", "investigator"]);
    assert!(added.status.success(), "{}", stderr(&added));
    let password = String::from_utf8(added.stdout).unwrap();
    assert_eq!(password.trim().len(), 24, "five groups of four characters and four hyphens: {password}");
    let duplicate = aqiqat(dir.path(), &["user", "add", "--db", "team.db", "--username", "aigul", "--role", "analyst"]);
    assert!(!duplicate.status.success());
    assert_eq!(stderr(&duplicate), "error: the user name `aigul` is already taken\n");
    let again = aqiqat(dir.path(), &["init", "--db", "team.db"]);
    assert_eq!(stderr(&again), "error: team.db already exists; init only creates new databases\n");
}

#[test]
fn errors_are_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = aqiqat(dir.path(), &["verify", "--db", "nowhere.db"]);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        stderr(&missing),
        "error: nowhere.db does not exist: create it with `aqiqat init --db nowhere.db` or `aqiqat demo --db nowhere.db`\n"
    );
    assert!(!dir.path().join("nowhere.db").exists(), "a failed command creates nothing");
    let no_key = aqiqat(dir.path(), &["verify", "--db", "postgres://127.0.0.1:1/none"]);
    assert_eq!(
        stderr(&no_key),
        "error: a PostgreSQL database needs --key-file (or AQIQAT_KEY_FILE) naming its master key file\n"
    );
}

#[test]
fn demo_refuses_a_database_whose_key_file_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    assert!(aqiqat(dir.path(), &["demo", "--db", "demo.db", "--small", "--no-serve"]).status.success());
    std::fs::remove_file(dir.path().join("demo.db.key")).unwrap();
    let again = aqiqat(dir.path(), &["demo", "--db", "demo.db", "--small", "--no-serve"]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(stderr(&again), "error: demo.db already holds data but its master key file demo.db.key is missing\n");
    assert!(!dir.path().join("demo.db.key").exists(), "no new key is paired with old data");
}

#[test]
fn screen_score_pairs_scores_and_explains() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pairs.csv"),
        "pair_id,name_a,birth_date_a,gender_a,name_b,birth_date_b,gender_b\n\
         1,Серікұлы Ерлан,,m,Ерлан Серикович Серикбаев,,m\n\
         2,Erlan Serikbaev,1971,,Erlan Serikbaev,1994,\n\
         3,SERIKBAYEV ERLAN,1971-02-03,m,E. Serikbaev,1971-03-02,\n",
    )
    .unwrap();
    let run =
        aqiqat(dir.path(), &["screen", "score-pairs", "--input", "pairs.csv", "--output", "scores.csv", "--explain"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let scores = std::fs::read_to_string(dir.path().join("scores.csv")).unwrap();
    let decisions: Vec<&str> = scores.lines().skip(1).map(|line| line.split(',').nth(2).unwrap()).collect();
    assert_eq!(decisions, ["match", "no-match", "match"], "{scores}");
    assert!(scores.contains("birth year 1971 vs 1994: 23 years apart"), "{scores}");
}

#[test]
fn screen_score_pairs_names_the_bad_row_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pairs.csv"),
        "pair_id,name_a,birth_date_a,gender_a,name_b,birth_date_b,gender_b\n\
         1,Erlan Serikbaev,,,Erlan Serikbaev,,\n\
         2,Erlan Serikbaev,03.02.1971,,Erlan Serikbaev,,\n",
    )
    .unwrap();
    let run = aqiqat(dir.path(), &["screen", "score-pairs", "--input", "pairs.csv", "--output", "scores.csv"]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        stderr(&run),
        "error: pairs.csv, row 2, column birth_date_a: `03.02.1971` is not a date (expected YYYY-MM-DD, YYYY-MM, YYYY or nothing)\n"
    );
    assert!(!dir.path().join("scores.csv").exists());
    assert!(!dir.path().join("scores.csv.partial").exists());
}

#[test]
fn screen_score_pairs_reads_quoted_fields_and_counts_fields() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("quoted.csv"),
        "pair_id,name_a,birth_date_a,gender_a,name_b,birth_date_b,gender_b\n\
         \"q,1\",\"Serikbaev, Erlan\",,,Erlan Serikbaev,,\n",
    )
    .unwrap();
    let run = aqiqat(dir.path(), &["screen", "score-pairs", "--input", "quoted.csv", "--output", "out.csv"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let out = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert!(out.lines().nth(1).unwrap().starts_with("\"q,1\",") && out.contains(",match,"), "{out}");

    std::fs::write(
        dir.path().join("short.csv"),
        "pair_id,name_a,birth_date_a,gender_a,name_b,birth_date_b,gender_b\n1,Erlan Serikbaev,,,Erlan Serikbaev\n",
    )
    .unwrap();
    let run = aqiqat(dir.path(), &["screen", "score-pairs", "--input", "short.csv", "--output", "out2.csv"]);
    assert_eq!(stderr(&run), "error: short.csv, row 1: found 5 fields, but the header has 7\n");
    assert!(!dir.path().join("out2.csv").exists());
}

#[test]
fn adding_an_administrator_says_a_second_factor_comes_first() {
    let dir = tempfile::tempdir().unwrap();
    let init = aqiqat(dir.path(), &["init", "--db", "team.db"]);
    assert!(init.status.success(), "{}", stderr(&init));
    let admin =
        aqiqat(dir.path(), &["user", "add", "--db", "team.db", "--username", "boss", "--role", "administrator"]);
    assert!(admin.status.success(), "{}", stderr(&admin));
    let message = stderr(&admin);
    assert!(message.contains("second factor (TOTP) at /account/second-factor"), "{message}");
    let analyst = aqiqat(dir.path(), &["user", "add", "--db", "team.db", "--username", "ana", "--role", "analyst"]);
    assert!(analyst.status.success(), "{}", stderr(&analyst));
    assert!(!stderr(&analyst).contains("second factor"), "{}", stderr(&analyst));
}
