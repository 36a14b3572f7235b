//! The canary at rest (issue 6): `aqiqat demo --canary` writes a marker into every protected field;
//! neither the SQLite file with its `-wal` and `-shm` files nor a `pg_dump` of a PostgreSQL
//! database may hold it, as written or in any common encoding (`demo::canary_forms`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{aqiqat, stderr};

const CANARY: &str = "CANARY-r3st-Kx9w";

/// A value that is not protected (a demo source's title): the scans find it in clear, so they
/// would find the canary were it stored so.
const CONTROL: &str = "Official list of the dead (synthetic)";

/// The forms of the canary found in `bytes`, named after `what`.
fn scan(what: &str, bytes: &[u8]) -> Vec<String> {
    demo::canary_forms(CANARY)
        .into_iter()
        .filter(|(_, needle)| bytes.windows(needle.len()).any(|w| w == needle.as_slice()))
        .map(|(form, _)| format!("{what}: {form}"))
        .collect()
}

#[test]
fn the_sqlite_files_hold_no_canary() {
    let dir = tempfile::tempdir().unwrap();
    let built = aqiqat(dir.path(), &["demo", "--db", "demo.db", "--small", "--no-serve", "--canary", CANARY]);
    assert!(built.status.success(), "{}", stderr(&built));
    let mut found = Vec::new();
    let mut all = Vec::new();
    for name in ["demo.db", "demo.db-wal", "demo.db-shm", "demo.db-journal"] {
        if let Ok(bytes) = std::fs::read(dir.path().join(name)) {
            found.extend(scan(name, &bytes));
            all.extend(bytes);
        }
    }
    assert_eq!(demo::find_canary(&all, CONTROL), Some("plain"), "the scan sees clear text");
    assert!(found.is_empty(), "the canary is at rest in clear: {found:?}");
    let verified = aqiqat(dir.path(), &["verify", "--db", "demo.db"]);
    assert!(verified.status.success(), "{}", stderr(&verified));
}

/// The PostgreSQL client tools beside the server's (Debian's layout), or on the path.
fn pg_tool(name: &str) -> PathBuf {
    let versions = std::fs::read_dir("/usr/lib/postgresql").into_iter().flatten().flatten();
    let mut found: Vec<PathBuf> = versions.map(|v| v.path().join("bin").join(name)).filter(|p| p.exists()).collect();
    found.sort();
    found.pop().unwrap_or_else(|| PathBuf::from(name))
}

fn run(dir: &Path, program: &Path, args: &[&str]) -> Vec<u8> {
    let output = Command::new(program).args(args).current_dir(dir).output().expect("the PostgreSQL tools run");
    assert!(output.status.success(), "{}: {}", program.display(), stderr(&output));
    output.stdout
}

#[test]
fn a_postgres_dump_holds_no_canary() {
    let Some(admin_url) = std::env::var("TEST_POSTGRES_URL").ok() else {
        assert!(std::env::var("CI").is_err(), "CI is set but TEST_POSTGRES_URL is not: this test cannot be skipped");
        eprintln!("TEST_POSTGRES_URL is not set: skipping the PostgreSQL dump scan");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let name = format!("aqiqat_canary_{}", std::process::id());
    let psql = pg_tool("psql");
    run(dir.path(), &psql, &[&admin_url, "-q", "-c", &format!("DROP DATABASE IF EXISTS {name}")]);
    run(dir.path(), &psql, &[&admin_url, "-q", "-c", &format!("CREATE DATABASE {name}")]);
    let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
    let url = format!("{base}/{name}");
    let built = aqiqat(
        dir.path(),
        &["demo", "--db", &url, "--key-file", "demo.key", "--small", "--no-serve", "--canary", CANARY],
    );
    assert!(built.status.success(), "{}", stderr(&built));
    let dump = run(dir.path(), &pg_tool("pg_dump"), &["--no-owner", &url]);
    let events = run(dir.path(), &psql, &[&url, "-At", "-c", "SELECT count(*) FROM testimonies"]);
    run(dir.path(), &psql, &[&admin_url, "-q", "-c", &format!("DROP DATABASE {name}")]);
    assert!(String::from_utf8_lossy(&events).trim().parse::<u32>().unwrap() > 0, "the dump holds testimonies");
    assert_eq!(demo::find_canary(&dump, CONTROL), Some("plain"), "the scan sees clear text");
    let found = scan("pg_dump", &dump);
    assert!(found.is_empty(), "the canary is in the dump: {found:?}");
}
