//! Transcripts of `aqiqat estimate`: the three methods on the Kosovo table (text and JSON),
//! strata and per-record histories, warnings in plain words, and bad input.

use std::path::Path;

use super::{aqiqat, stderr};

const KOSOVO: &str = "EXH,ABA,OSCE,HRW,count\n1,0,0,0,1131\n0,1,0,0,845\n1,1,0,0,177\n0,0,1,0,936\n1,0,1,0,228\n\
                      0,1,1,0,217\n1,1,1,0,181\n0,0,0,1,306\n1,0,0,1,106\n0,1,0,1,31\n1,1,0,1,18\n0,0,1,1,123\n\
                      1,0,1,1,42\n0,1,1,1,32\n1,1,1,1,27\n";

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn json(output: &std::process::Output) -> serde_json::Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn number(value: &serde_json::Value) -> f64 {
    value.as_f64().unwrap_or_else(|| panic!("not a number: {value}"))
}

#[test]
fn estimate_prints_the_deterministic_methods_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kosovo.csv", KOSOVO);
    let run = aqiqat(dir.path(), &["estimate", "--input", "kosovo.csv", "--method", "loglinear"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        stdout(&run),
        "kosovo.csv: 4 lists (EXH, ABA, OSCE, HRW), 4,400 persons on at least one list\n\
         \n\
         method     estimate  95% interval    model              diagnostics\n\
         loglinear    10,357  8,994 - 12,110  [123,14,34] (BIC)  113 models\n"
    );
    let run = aqiqat(dir.path(), &["estimate", "--input", "kosovo.csv", "--method", "dga"]);
    assert!(
        stdout(&run).ends_with("dga       12,595  9,827 - 16,544  [123,134] (weight 0.99)  61 graphs\n"),
        "{}",
        stdout(&run)
    );
}

#[test]
fn estimate_json_gives_every_method_with_its_model_and_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kosovo.csv", KOSOVO);
    let document = json(&aqiqat(dir.path(), &["estimate", "--input", "kosovo.csv", "--json", "--seed", "7"]));
    assert_eq!(document["observed"], 4400);
    let methods = &document["methods"];
    // Rcapture's BIC-best model: 10,357 (8,994-12,110).
    assert_eq!(methods["loglinear"]["model"], "[123,14,34]");
    assert!((number(&methods["loglinear"]["estimate"]) - 10_356.5).abs() < 0.5);
    assert!((number(&methods["loglinear"]["interval"][0]) - 8_994.0).abs() < 1.0);
    assert!((number(&methods["loglinear"]["interval"][1]) - 12_110.0).abs() < 1.0);
    // dga: 12,595 (9,827-16,544), top graph [123,134].
    assert_eq!(
        (methods["dga"]["estimate"].clone(), methods["dga"]["model"].clone()),
        (12_595.into(), "[123,134]".into())
    );
    assert_eq!(methods["dga"]["interval"], serde_json::json!([9_827, 16_544]));
    // LCMCR's documented setting: R's medians over seeds lie in 10,350-10,600.
    let lcmcr = &methods["lcmcr"];
    assert!((10_350.0..=10_600.0).contains(&number(&lcmcr["estimate"])), "{lcmcr}");
    assert!(number(&lcmcr["diagnostics"]["r_hat"]) < 1.1, "{lcmcr}");
    assert_eq!(lcmcr["diagnostics"]["draws"], 4000);
    assert_eq!(lcmcr["settings"]["sweeps_per_chain"], 110_500);
    assert_eq!(lcmcr["diagnostics"]["share_near_cap"], 0.0);
    // The methods disagree by more than a fifth: said in plain words.
    let warnings = document["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w.as_str().unwrap().starts_with("the methods disagree (10,357 to 12,595)")),
        "{warnings:?}"
    );
}

#[test]
fn estimate_runs_the_fast_setting() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kosovo.csv", KOSOVO);
    // Shortened: the fast setting's thinning of 10 with its Hamiltonian move, over fewer sweeps.
    let args = ["estimate", "--input", "kosovo.csv", "--method", "lcmcr", "--json", "--setting", "fast"];
    let output = aqiqat(dir.path(), &[&args[..], &["--burn-in", "3000", "--draws", "1000", "--seed", "1"]].concat());
    let document: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let lcmcr = &document["methods"]["lcmcr"];
    assert_eq!(lcmcr["settings"]["sweeps_per_chain"], 13_500, "{lcmcr}");
    assert_eq!(lcmcr["settings"]["hamiltonian_moves"], 1, "{lcmcr}");
    assert!(number(&lcmcr["diagnostics"]["effective_size"]) > 500.0, "{lcmcr}");
    // R's production runs: medians 10,443 and 10,438; a short chain lies near them.
    assert!((9_900.0..=11_000.0).contains(&number(&lcmcr["estimate"])), "{lcmcr}");
}

#[test]
fn estimate_is_the_same_for_the_same_seed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kosovo.csv", KOSOVO);
    let args =
        ["estimate", "--input", "kosovo.csv", "--method", "lcmcr", "--json", "--draws", "100", "--burn-in", "1000"];
    let first = stdout(&aqiqat(dir.path(), &[&args[..], &["--seed", "3"]].concat()));
    let again = stdout(&aqiqat(dir.path(), &[&args[..], &["--seed", "3"]].concat()));
    let other = stdout(&aqiqat(dir.path(), &[&args[..], &["--seed", "4"]].concat()));
    assert_eq!(first, again);
    assert_ne!(first, other);
}

#[test]
fn estimate_adds_strata_through_their_draws() {
    let dir = tempfile::tempdir().unwrap();
    // Per-record histories (no `count` column) in two strata, one line per person.
    let mut text = String::from("a,b,c,stratum\n");
    for (stratum, counts) in [("north", [60, 45, 20, 40, 18, 12, 8]), ("south", [30, 35, 10, 25, 8, 9, 3])] {
        for (index, count) in counts.iter().enumerate() {
            let pattern = index + 1;
            for _ in 0..*count {
                text.push_str(&format!("{},{},{},{stratum}\n", pattern & 1, pattern >> 1 & 1, pattern >> 2 & 1));
            }
        }
    }
    write(dir.path(), "records.csv", &text);
    let document = json(&aqiqat(
        dir.path(),
        &["estimate", "--input", "records.csv", "--json", "--draws", "300", "--thinning", "10", "--burn-in", "2000"],
    ));
    let strata = document["strata"].as_array().unwrap();
    assert_eq!(
        (strata.len(), strata[0]["stratum"].as_str(), strata[1]["observed"].as_u64()),
        (2, Some("north"), Some(120))
    );
    assert_eq!(document["observed"], 323);
    let total = &document["methods"];
    let north = number(&strata[0]["methods"]["lcmcr"]["estimate"]);
    let south = number(&strata[1]["methods"]["lcmcr"]["estimate"]);
    let sum = number(&total["lcmcr"]["estimate"]);
    assert!((sum - (north + south)).abs() < 0.1 * sum, "{sum} vs {north} + {south}");
    assert_eq!(total["lcmcr"]["diagnostics"]["draws"], 1200);
    assert_eq!(total["dga"]["diagnostics"]["draws"], 10_000);
    // Profile intervals do not add up: the log-linear total has none.
    assert_eq!(total["loglinear"]["interval"], serde_json::Value::Null);
    let text = stdout(&aqiqat(dir.path(), &["estimate", "--input", "records.csv", "--method", "loglinear"]));
    assert!(text.contains("\nstratum north (203 persons)\n") && text.contains("\ntotal over 2 strata\n"), "{text}");
}

#[test]
fn estimate_warns_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    // Two lists that name somebody, one that names nobody.
    write(dir.path(), "two.csv", "a,b,c,count\n1,0,0,40\n0,1,0,30\n1,1,0,10\n0,0,1,0\n1,0,1,0\n0,1,1,0\n1,1,1,0\n");
    let run = aqiqat(dir.path(), &["estimate", "--input", "two.csv"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let text = stdout(&run);
    assert!(text.contains("loglinear       200  "), "{text}");
    assert!(text.contains("lcmcr             -  -"), "{text}");
    assert!(text.contains("  - list c names nobody and was left out\n"), "{text}");
    assert!(text.contains("  - only 2 lists: the estimate assumes the lists are independent"), "{text}");
}

#[test]
fn estimate_names_the_bad_cell() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.csv", "a,b,count\n1,0,5\n1,2,3\n");
    let run = aqiqat(dir.path(), &["estimate", "--input", "bad.csv"]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(stderr(&run), "error: bad.csv: line 3, column `b`: `2` is not 0 or 1\n");
    assert!(run.stdout.is_empty());
    let missing = aqiqat(dir.path(), &["estimate", "--input", "none.csv"]);
    assert!(stderr(&missing).starts_with("error: cannot read none.csv: "), "{}", stderr(&missing));
}
