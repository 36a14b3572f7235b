//! Signing and publication from the command line: the demo's signing key and first release,
//! `keys public`, `checkpoint`, `verify` reporting who signed what, `release download`, and
//! `verify-release` offline, failing with the altered file's name for every file of the bundle.

use std::path::Path;

use crate::{aqiqat, stderr};

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Flips one byte in the middle of `name`'s data inside the tar file `tar`.
fn alter_in_tar(tar: &[u8], name: &str) -> Vec<u8> {
    // A ustar member: a 512-byte header (name at 0..100, size in octal at 124..136), then its data.
    let mut offset = 0;
    while offset + 512 <= tar.len() {
        let header = &tar[offset..offset + 512];
        let member = String::from_utf8_lossy(&header[..100]).trim_end_matches('\0').to_owned();
        let size_text = String::from_utf8_lossy(&header[124..136]).trim_matches(|c| c == '\0' || c == ' ').to_owned();
        let size = usize::from_str_radix(&size_text, 8).unwrap_or(0);
        if member.ends_with(&format!("/{name}")) {
            let mut altered = tar.to_vec();
            let at = offset + 512 + size / 2;
            altered[at] = if altered[at] == b'0' { b'1' } else { b'0' };
            return altered;
        }
        offset += 512 + size.div_ceil(512) * 512;
    }
    panic!("{name} is not in the bundle");
}

#[test]
fn the_demo_publishes_a_release_that_verifies_offline() {
    let dir = tempfile::tempdir().unwrap();
    let built = aqiqat(dir.path(), &["demo", "--db", "demo.db", "--small", "--no-serve"]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(stderr(&built).contains("published release rel_"), "{}", stderr(&built));
    assert!(dir.path().join("demo.db.key.signing").exists());
    let credentials = std::fs::read_to_string(dir.path().join("demo-credentials.txt")).unwrap();
    assert!(credentials.contains("reviewer user name: reviewer\nreviewer password: "), "{credentials}");

    let public = aqiqat(dir.path(), &["keys", "public", "--db", "demo.db"]);
    assert!(public.status.success(), "{}", stderr(&public));
    let key = stdout(&public).trim().to_owned();
    assert_eq!(key.len(), 64);
    assert_eq!(stderr(&public), "signer: Aqiqat demo\n");

    let signed = aqiqat(dir.path(), &["checkpoint", "--db", "demo.db"]);
    assert!(signed.status.success(), "{}", stderr(&signed));
    assert!(stderr(&signed).starts_with("signed a checkpoint of event "), "{}", stderr(&signed));
    let verified = aqiqat(dir.path(), &["verify", "--db", "demo.db"]);
    assert!(verified.status.success(), "{}", stderr(&verified));
    let lines: Vec<String> = stderr(&verified).lines().map(str::to_owned).collect();
    assert!(lines[0].starts_with("ok: "), "{lines:?}");
    assert_eq!(
        lines.len(),
        5,
        "the release's checkpoint, the one on demand, the release, the evidence files: {lines:?}"
    );
    assert!(
        lines[4].starts_with("evidence: 4 stored files in ") && lines[4].ends_with(", each with its SHA-256"),
        "{lines:?}"
    );
    assert!(
        lines[3].starts_with("ok: release rel_")
            && lines[3].contains("approved by Demo reviewer, signed by Aqiqat demo"),
        "{lines:?}"
    );
    assert!(
        lines[1..3]
            .iter()
            .all(|l| l.starts_with("ok: checkpoint of event ")
                && l.contains("signed by Aqiqat demo (this database's key")),
        "{lines:?}"
    );

    let list = aqiqat(dir.path(), &["release", "list", "--db", "demo.db"]);
    let id = stdout(&list).split('\t').next().unwrap().to_owned();
    assert!(id.starts_with("rel_"), "{}", stdout(&list));
    let download = aqiqat(dir.path(), &["release", "download", "--db", "demo.db", &id, "--output", "release.tar"]);
    assert!(download.status.success(), "{}", stderr(&download));

    let ok = aqiqat(dir.path(), &["verify-release", "release.tar", "--key", &key]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(
        stderr(&ok).starts_with(&format!("ok: release {id} \"January 2022: the victim registry (demo)\"")),
        "{}",
        stderr(&ok)
    );
    std::fs::write(dir.path().join("public.key"), format!("{key}\n")).unwrap();
    assert!(aqiqat(dir.path(), &["verify-release", "release.tar", "--key", "public.key"]).status.success());

    // Every file of the bundle, altered by one byte, fails verification with its name.
    let tar = std::fs::read(dir.path().join("release.tar")).unwrap();
    let files = [
        "README.txt",
        "persons.csv",
        "persons.json",
        "incidents.csv",
        "incidents.json",
        "claims.csv",
        "claims.json",
        "statistics.csv",
        "statistics.json",
        "estimates.csv",
        "estimates.json",
        "redaction-report.json",
        "manifest.json",
        "manifest.sig",
    ];
    for name in files {
        std::fs::write(dir.path().join("altered.tar"), alter_in_tar(&tar, name)).unwrap();
        let failed = aqiqat(dir.path(), &["verify-release", "altered.tar", "--key", &key]);
        assert_eq!(failed.status.code(), Some(1), "{name}: {}", stderr(&failed));
        let message = stderr(&failed);
        assert!(message.starts_with("verify-release failed: altered.tar: "), "{message}");
        let named =
            if name.starts_with("manifest") { "manifest.sig is not a signature of manifest.json" } else { name };
        assert!(message.contains(named), "{name}: {message}");
    }
    // A byte outside every file (the end-of-archive padding) counts too.
    let mut padded = tar.clone();
    *padded.last_mut().unwrap() = b'x';
    std::fs::write(dir.path().join("altered.tar"), padded).unwrap();
    let failed = aqiqat(dir.path(), &["verify-release", "altered.tar", "--key", &key]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(stderr(&failed).contains("not byte for byte the one published"), "{}", stderr(&failed));
    // Another key; a database-free run needs no database file at all.
    let other = "11".repeat(32);
    let wrong = aqiqat(dir.path(), &["verify-release", "release.tar", "--key", &other]);
    assert!(!wrong.status.success());
    assert!(!Path::new(&dir.path().join("release.tar.db")).exists());
}

#[test]
fn an_old_database_without_a_signing_key_is_told_how_to_make_one() {
    let dir = tempfile::tempdir().unwrap();
    let init = aqiqat(dir.path(), &["init", "--db", "team.db", "--signer", "Team NGO"]);
    assert!(init.status.success(), "{}", stderr(&init));
    assert!(stderr(&init).contains("signing key for Team NGO in team.db.key.signing"), "{}", stderr(&init));
    // A database from before signing keys: the key file is gone.
    std::fs::remove_file(dir.path().join("team.db.key.signing")).unwrap();
    let refused = aqiqat(dir.path(), &["keys", "public", "--db", "team.db"]);
    assert!(!refused.status.success());
    assert_eq!(
        stderr(&refused),
        "error: no signing key file at team.db.key.signing: create one with `aqiqat keys signing-key --db team.db --name \"YOUR ORGANISATION\"`\n"
    );
    let created = aqiqat(dir.path(), &["keys", "signing-key", "--db", "team.db", "--name", "Team NGO"]);
    assert!(created.status.success(), "{}", stderr(&created));
    assert_eq!(stdout(&created).trim().len(), 64);
    let again = aqiqat(dir.path(), &["keys", "signing-key", "--db", "team.db"]);
    assert!(stderr(&again).contains("refusing to overwrite a signing key"), "{}", stderr(&again));
    let user = aqiqat(dir.path(), &["user", "add", "--db", "team.db", "--username", "ada", "--role", "analyst"]);
    assert!(user.status.success(), "{}", stderr(&user));
    assert!(aqiqat(dir.path(), &["checkpoint", "--db", "team.db"]).status.success());
}
