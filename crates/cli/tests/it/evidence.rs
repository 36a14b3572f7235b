//! The evidence vault from the command line: the demo stores synthetic files in `DB.evidence`,
//! read-only under their SHA-256; `evidence check` and `verify` name a file removed or altered.

use crate::{aqiqat, stderr};

#[test]
fn the_vault_check_names_a_missing_and_an_altered_file() {
    let dir = tempfile::tempdir().unwrap();
    let built = aqiqat(dir.path(), &["demo", "--db", "demo.db", "--small", "--no-serve"]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(stderr(&built).contains("stored 4 synthetic evidence files in the vault"), "{}", stderr(&built));
    let ok = aqiqat(dir.path(), &["evidence", "check", "--db", "demo.db"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(stderr(&ok).starts_with("evidence: 4 stored files in "), "{}", stderr(&ok));

    // The files, each read-only under its hash.
    let mut files = Vec::new();
    for shard in std::fs::read_dir(dir.path().join("demo.db.evidence/sha256")).unwrap() {
        for file in std::fs::read_dir(shard.unwrap().path()).unwrap() {
            files.push(file.unwrap().path());
        }
    }
    files.sort();
    assert_eq!(files.len(), 4);
    for file in &files {
        assert!(std::fs::metadata(file).unwrap().permissions().readonly(), "{}", file.display());
    }
    let missing = files[0].file_name().unwrap().to_string_lossy().into_owned();
    let altered = files[1].file_name().unwrap().to_string_lossy().into_owned();
    std::fs::remove_file(&files[0]).unwrap();
    let mut permissions = std::fs::metadata(&files[1]).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&files[1], permissions).unwrap();
    std::fs::write(&files[1], b"altered").unwrap();

    for args in [&["evidence", "check", "--db", "demo.db"][..], &["verify", "--db", "demo.db"][..]] {
        let failed = aqiqat(dir.path(), args);
        assert!(!failed.status.success(), "{args:?}");
        let text = stderr(&failed);
        assert!(
            text.lines().any(|l| l.contains(": MISSING, no file with SHA-256 ") && l.contains(&missing)),
            "{args:?}: {text}"
        );
        assert!(
            text.lines()
                .any(|l| l.contains(": ALTERED, its file hashes to ") && l.ends_with(&format!("not {altered}"))),
            "{args:?}: {text}"
        );
        assert!(text.contains("evidence check failed: 2 of 4 stored files missing or altered"), "{args:?}: {text}");
    }
}
