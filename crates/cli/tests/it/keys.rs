//! `aqiqat keys rotate` and passphrases: the demo's master key rotated to a random key, then to a
//! passphrase; `verify` passes after each; a rotation stopped before its key file moved is finished
//! by running it again; a wrong passphrase is told as such; `init` starts from a passphrase.

use crate::{aqiqat, stderr};

#[test]
fn keys_rotate_to_a_new_key_then_to_a_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let output = aqiqat(dir.path(), args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        stderr(&output)
    };
    run(&["demo", "--db", "demo.db", "--small", "--no-serve"]);
    let key_file = dir.path().join("demo.db.key");
    let first = std::fs::read_to_string(&key_file).unwrap();

    let rotated = run(&["keys", "rotate", "--db", "demo.db"]);
    assert!(rotated.contains("data keys rewrapped"), "{rotated}");
    let second = std::fs::read_to_string(&key_file).unwrap();
    assert_ne!(first, second);
    assert!(!dir.path().join("demo.db.key.new").exists());
    run(&["verify", "--db", "demo.db"]);

    // A run stopped after its commit, before the key file moved: the old file back in place, the
    // new one pending. Running again opens nothing with the old key and finishes the move.
    std::fs::write(dir.path().join("demo.db.key.new"), &second).unwrap();
    std::fs::write(&key_file, &first).unwrap();
    let refused = aqiqat(dir.path(), &["verify", "--db", "demo.db"]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("does not open the database"), "{}", stderr(&refused));
    let finished = run(&["keys", "rotate", "--db", "demo.db"]);
    assert!(finished.contains("finishing the rotation"), "{finished}");
    assert_eq!(std::fs::read_to_string(&key_file).unwrap(), second);
    run(&["verify", "--db", "demo.db"]);

    std::fs::write(dir.path().join("passphrase.txt"), "correct horse battery staple\n").unwrap();
    run(&["keys", "rotate", "--db", "demo.db", "--new-passphrase-file", "passphrase.txt"]);
    let costs = std::fs::read_to_string(&key_file).unwrap();
    assert!(costs.starts_with("argon2id v=19 m=65536 t=3 p=1 salt="), "{costs}");
    run(&["verify", "--db", "demo.db", "--passphrase-file", "passphrase.txt"]);
    let without = aqiqat(dir.path(), &["verify", "--db", "demo.db"]);
    assert!(stderr(&without).contains("give the passphrase with --passphrase-file"), "{}", stderr(&without));
    std::fs::write(dir.path().join("wrong.txt"), "correct horse battery stapler\n").unwrap();
    let wrong = aqiqat(dir.path(), &["verify", "--db", "demo.db", "--passphrase-file", "wrong.txt"]);
    assert!(stderr(&wrong).contains("is not the right one"), "{}", stderr(&wrong));

    // A new database can start from a passphrase.
    run(&["init", "--db", "fresh.db", "--passphrase-file", "passphrase.txt"]);
    assert!(std::fs::read_to_string(dir.path().join("fresh.db.key")).unwrap().starts_with("argon2id "));
    run(&["verify", "--db", "fresh.db", "--passphrase-file", "passphrase.txt"]);
}
