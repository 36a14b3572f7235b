//! The evidence vault: uploads stored by hash and read-only, the same bytes recognised, working
//! copies linked to their original, custody entries chained and recorded with what they record,
//! evidence bundles that round-trip through the offline check and fail on any altered byte, and
//! the vault check naming a missing or altered file.

use app::{
    App, EvidenceBundleProblem, FileStatus, NewEvidence, NewUser, Vault, read_bundle, verify_evidence_bundle,
    verify_evidence_bundle_at,
};
use domain::access::Actor;
use domain::custody::CustodyAction;
use domain::entity::{Locale, Role};
use domain::id::EvidenceId;
use domain::protected::Protected;
use proptest::prelude::*;

use crate::now;

async fn investigator(app: &App) -> Actor {
    let user = NewUser {
        username: "ivan".to_owned(),
        display_name: "Ivan Investigator".to_owned(),
        role: Role::Investigator,
        locale: Locale::En,
        password: Protected::new("investigator-password".to_owned()),
    };
    let user = app.add_user(&Actor::System, now(), user).await.unwrap();
    Actor::User { id: user.id, role: Role::Investigator }
}

fn with_vault(app: App, dir: &std::path::Path, max_bytes: u64) -> App {
    app.with_vault(Vault::new(dir.join("vault"), max_bytes))
}

/// Uploads `bytes` in chunks of 7 (so the hash is computed as they stream).
async fn upload(app: &App, actor: &Actor, bytes: &[u8], new: NewEvidence) -> app::Result<app::AddedEvidence> {
    let mut upload = app.begin_upload(actor)?;
    for chunk in bytes.chunks(7) {
        upload.write(chunk).await?;
    }
    app.add_evidence(actor, now(), upload, new).await
}

fn new(title: &str) -> NewEvidence {
    NewEvidence { title: title.to_owned(), media_type: "video/mp4".to_owned(), ..NewEvidence::default() }
}

fn hex_sha256(bytes: &[u8]) -> String {
    app::sha256_hex(bytes)
}

pub(crate) async fn uploads_are_stored_once_by_hash_with_a_custody_log(app: App) {
    let dir = tempfile::tempdir().unwrap();
    let app = with_vault(app, dir.path(), 1 << 20);
    let ivan = investigator(&app).await;
    let bytes = b"synthetic video bytes of the square, 5 January".repeat(10);
    let added = upload(&app, &ivan, &bytes, new("Square, phone video")).await.unwrap();
    assert!(!added.recognised);
    let original = added.evidence;
    assert_eq!(original.sha256, hex_sha256(&bytes));
    assert_eq!(original.size_bytes, bytes.len() as u64);

    // Content-addressed and read-only; nothing left in tmp.
    let path = dir.path().join("vault/sha256").join(&original.sha256[..2]).join(&original.sha256);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert!(std::fs::metadata(&path).unwrap().permissions().readonly());
    assert_eq!(std::fs::read_dir(dir.path().join("vault/tmp")).unwrap().count(), 0);

    // The same bytes again: recognised as the same item, nothing stored twice, no new event.
    let events = app.counts(&Actor::System).await.unwrap().events;
    let again = upload(&app, &ivan, &bytes, new("the same file again")).await.unwrap();
    assert!(again.recognised);
    assert_eq!(again.evidence.id, original.id);
    assert_eq!(app.counts(&Actor::System).await.unwrap().events, events);
    assert_eq!(std::fs::read_dir(dir.path().join("vault/tmp")).unwrap().count(), 0);

    // A working copy, derived from the original.
    let copy = NewEvidence {
        derived_from: Some(original.id.clone()),
        derivation: Some("faces blurred".to_owned()),
        ..new("Square, faces blurred")
    };
    let copy = upload(&app, &ivan, b"blurred bytes", copy).await.unwrap().evidence;
    assert_eq!(copy.derived_from.as_ref(), Some(&original.id));

    // Viewing commits `viewed`; a transfer is recorded with its note; the chain holds.
    let opened = app.open_evidence(&ivan, now(), &original.id).await.unwrap();
    assert_eq!(opened.evidence.id, original.id);
    app.record_transfer(&ivan, now(), &original.id, "copy handed to the prosecutor's office").await.unwrap();
    let detail = app.evidence_detail(&ivan, &original.id).await.unwrap();
    let actions: Vec<_> = detail.custody.iter().map(|e| (e.action, e.actor.as_str())).collect();
    assert_eq!(
        actions,
        [(CustodyAction::Received, "ivan"), (CustodyAction::Viewed, "ivan"), (CustodyAction::Transferred, "ivan")]
    );
    assert_eq!(detail.broken_entry, None);
    assert_eq!(detail.copies.iter().map(|c| c.id.clone()).collect::<Vec<_>>(), vec![copy.id.clone()]);
    let copy_detail = app.evidence_detail(&ivan, &copy.id).await.unwrap();
    assert_eq!(copy_detail.original.map(|o| o.id), Some(original.id.clone()));

    // Refusals: too large (nothing kept), an unknown original, an analyst.
    let small = with_vault(app.clone(), dir.path(), 10);
    let mut too_big = small.begin_upload(&ivan).unwrap();
    assert!(matches!(too_big.write(&[0u8; 11]).await, Err(app::Error::TooLarge { limit: 10 })));
    drop(too_big);
    assert_eq!(std::fs::read_dir(dir.path().join("vault/tmp")).unwrap().count(), 0);
    let orphan = NewEvidence { derived_from: Some(EvidenceId::from_bits(99)), ..new("orphan") };
    assert!(matches!(upload(&app, &ivan, b"x", orphan).await, Err(app::Error::NotFound { .. })));
    let analyst = Actor::User { id: domain::id::UserId::from_bits(5), role: Role::Analyst };
    assert!(matches!(app.begin_upload(&analyst), Err(app::Error::Denied(_))));
    assert!(matches!(app.evidence_list(&analyst).await, Err(app::Error::Denied(_))));

    // The log replays to the same state.
    assert_eq!(app.verify(&Actor::System).await.unwrap().problem, None);
}

pub(crate) async fn the_vault_check_names_missing_and_altered_files(app: App) {
    let dir = tempfile::tempdir().unwrap();
    let app = with_vault(app, dir.path(), 1 << 20);
    let ivan = investigator(&app).await;
    let a = upload(&app, &ivan, b"first file", new("first")).await.unwrap().evidence;
    let b = upload(&app, &ivan, b"second file", new("second")).await.unwrap().evidence;
    let c = upload(&app, &ivan, b"third file", new("third")).await.unwrap().evidence;
    let path = |sha: &str| dir.path().join("vault/sha256").join(&sha[..2]).join(sha);
    std::fs::remove_file(path(&b.sha256)).unwrap();
    let mut permissions = std::fs::metadata(path(&c.sha256)).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(path(&c.sha256), permissions).unwrap();
    std::fs::write(path(&c.sha256), b"third filE").unwrap();
    let checks = app.check_vault(&Actor::System).await.unwrap();
    let status = |id: &EvidenceId| checks.iter().find(|c| c.evidence.id == *id).unwrap().status.clone();
    assert_eq!(status(&a.id), FileStatus::Intact);
    assert_eq!(status(&b.id), FileStatus::Missing);
    assert_eq!(status(&c.id), FileStatus::Altered { found: hex_sha256(b"third filE") });
    // Neither is exported as intact, and a missing file is not opened (nor recorded as viewed).
    assert!(matches!(
        app.export_evidence(&ivan, now(), std::slice::from_ref(&c.id), "").await,
        Err(app::Error::Conflict(_))
    ));
    assert!(app.open_evidence(&ivan, now(), &b.id).await.is_err());
    assert_eq!(app.evidence_detail(&ivan, &b.id).await.unwrap().custody.len(), 1);
    // Uploading the true bytes again repairs both files, and recognises their items.
    for (bytes, item) in [(&b"second file"[..], &b), (&b"third file"[..], &c)] {
        let again = upload(&app, &ivan, bytes, new("again")).await.unwrap();
        assert!(again.recognised && again.evidence.id == item.id);
    }
    let checks = app.check_vault(&Actor::System).await.unwrap();
    assert!(checks.iter().all(|c| c.status == FileStatus::Intact), "{checks:?}");
    assert!(std::fs::metadata(path(&c.sha256)).unwrap().permissions().readonly());
}

/// Two items exported: the bundle as a .tar.
async fn exported(app: &App, dir: &std::path::Path) -> (Vec<u8>, app::ExportedBundle) {
    let ivan = investigator(app).await;
    let a = upload(app, &ivan, &b"video of the square ".repeat(30), new("Square video")).await.unwrap().evidence;
    let b = upload(
        app,
        &ivan,
        b"%PDF-1.4 morgue register page",
        NewEvidence { media_type: "application/pdf".to_owned(), ..new("Morgue register") },
    )
    .await
    .unwrap()
    .evidence;
    app.open_evidence(&ivan, now(), &a.id).await.unwrap();
    let bundle = app.export_evidence(&ivan, now(), &[a.id.clone(), b.id.clone()], "for the court").await.unwrap();
    let bytes = std::fs::read(&bundle.path).unwrap();
    assert_eq!(bytes.len() as u64, bundle.size);
    // The export is in each item's custody log.
    let log = app.evidence_detail(&ivan, &a.id).await.unwrap().custody;
    assert_eq!(log.last().unwrap().action, CustodyAction::Exported);
    assert!(log.last().unwrap().note.contains("for the court"), "{log:?}");
    let _ = dir;
    (bytes, bundle)
}

pub(crate) async fn an_evidence_bundle_verifies_offline_and_names_what_was_altered(app: App) {
    let dir = tempfile::tempdir().unwrap();
    let app = with_vault(app, dir.path(), 1 << 20);
    let (name, key) = app.signer().unwrap();
    let (bytes, bundle) = exported(&app, dir.path()).await;
    let tar = dir.path().join("bundle.tar");
    std::fs::write(&tar, &bytes).unwrap();
    let key = app::PublicKey::from_hex(&key).unwrap();
    let verified = verify_evidence_bundle_at(&tar, Some(&key)).unwrap();
    assert_eq!(verified.signer, name);
    assert_eq!(verified.export, bundle.id.to_string());
    assert_eq!(verified.exported_by, "ivan");
    assert_eq!(verified.items.len(), 2);
    assert_eq!(verified.items.iter().map(|i| i.3).max(), Some(3), "received, viewed, exported");
    // Without --key, the key named in the manifest; with another key, refused.
    assert!(verify_evidence_bundle_at(&tar, None).is_ok());
    let other = app::SigningKey::generate().public_key();
    assert!(matches!(verify_evidence_bundle_at(&tar, Some(&other)), Err(EvidenceBundleProblem::OtherKey { .. })));

    // One byte altered in each kind of file of the unpacked bundle: the file is named.
    let files = read_bundle(&tar).unwrap();
    let evidence_file = files.iter().find(|(n, _)| n.ends_with(".pdf")).unwrap().0.clone();
    for (name, expect) in [
        (evidence_file.as_str(), format!("{evidence_file}: its SHA-256 is")),
        ("custody.json", "custody.json: its SHA-256 is".to_owned()),
        ("README.txt", "README.txt: its SHA-256 is".to_owned()),
        // (or, when the altered byte breaks its JSON, "manifest.json cannot be read", checked below)
        ("manifest.json", "manifest.sig is not a signature of manifest.json".to_owned()),
        ("manifest.sig", "manifest.sig is not a signature of manifest.json".to_owned()),
    ] {
        let mut altered = files.clone();
        let (_, content) = altered.iter_mut().find(|(n, _)| n == name).unwrap();
        let at = content.len() / 2;
        content[at] ^= if name == "manifest.sig" { 0x01 } else { 0x20 };
        let problem = verify_evidence_bundle(&altered, Some(&key)).unwrap_err().to_string();
        let unreadable = name == "manifest.json" && problem.starts_with("manifest.json cannot be read");
        assert!(problem.starts_with(&expect) || unreadable, "{name}: {problem}");
    }

    // A custody log rewritten and re-listed in the manifest but not re-signed: the signature fails;
    // a custody entry altered with its file re-hashed and the manifest re-signed by the same key
    // (an insider with the key): the chain names the entry.
    let custody = String::from_utf8(files.iter().find(|(n, _)| n == "custody.json").unwrap().1.clone()).unwrap();
    let forged = custody.replacen("\"ivan\"", "\"olga\"", 1);
    assert_ne!(forged, custody);
    let resigned = resign(&files, "custody.json", forged.as_bytes(), &app);
    let problem = verify_evidence_bundle(&resigned, None).unwrap_err();
    assert!(matches!(&problem, EvidenceBundleProblem::BrokenCustody { position: 0, .. }), "{problem}");
    assert!(problem.to_string().contains("custody entry 0"), "{problem}");
}

/// The bundle's files with `name` replaced and the manifest re-listed and re-signed by a fresh key
/// standing in for the deployment's (as an insider holding the key could).
fn resign(files: &[(String, Vec<u8>)], name: &str, content: &[u8], _app: &App) -> Vec<(String, Vec<u8>)> {
    let key = app::SigningKey::generate();
    let mut files = files.to_vec();
    files.iter_mut().find(|(n, _)| n == name).unwrap().1 = content.to_vec();
    let manifest = files.iter().find(|(n, _)| n == "manifest.json").unwrap().1.clone();
    let mut manifest: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    for entry in manifest["files"].as_array_mut().unwrap() {
        if entry["name"] == name {
            entry["sha256"] = hex_sha256(content).into();
            entry["size"] = content.len().into();
        }
    }
    manifest["signer"]["public_key"] = key.public_key().to_hex().into();
    let manifest = serde_json::to_vec_pretty(&manifest).unwrap();
    let signature = key.sign(&manifest);
    files.iter_mut().find(|(n, _)| n == "manifest.json").unwrap().1 = manifest;
    files.iter_mut().find(|(n, _)| n == "manifest.sig").unwrap().1 = signature.into_bytes();
    files
}

#[test]
fn any_altered_byte_of_an_evidence_bundle_fails_it() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bytes = runtime.block_on(async {
        let app = with_vault(crate::sqlite().await, dir.path(), 1 << 20);
        exported(&app, dir.path()).await.0
    });
    let tar = dir.path().join("bundle.tar");
    std::fs::write(&tar, &bytes).unwrap();
    assert!(verify_evidence_bundle_at(&tar, None).is_ok());
    let altered_path = dir.path().join("altered.tar");
    let len = bytes.len();
    proptest!(ProptestConfig::with_cases(400), |(position in 0..len, flip in 1u8..=255)| {
        let mut altered = bytes.clone();
        altered[position] ^= flip;
        std::fs::write(&altered_path, &altered).unwrap();
        prop_assert!(verify_evidence_bundle_at(&altered_path, None).is_err(), "byte {} ^ {} passed", position, flip);
    });
}
