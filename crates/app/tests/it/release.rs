//! Publication: a reviewer's release verifies offline, every altered file is named, nothing off
//! the allow-list or protected reaches a bundle; checkpoints are signed, verified, and catch a
//! rewritten log.

use app::{App, BundleProblem, CheckpointStatus, NewUser, ReleaseRequest, read_bundle, verify_bundle};
use domain::access::Actor;
use domain::entity::{Locale, Role};
use domain::protected::Protected;

use crate::{loaded, now};

/// Adds a reviewer to a loaded demo and returns them as an actor.
pub(crate) async fn reviewer(app: &App) -> Actor {
    let user = NewUser {
        username: "reviewer".to_owned(),
        display_name: "Rita Reviewer".to_owned(),
        role: Role::Reviewer,
        locale: Locale::En,
        password: Protected::new("reviewer-password-1".to_owned()),
    };
    let user = app.add_user(&Actor::System, now(), user).await.unwrap();
    Actor::User { id: user.id, role: Role::Reviewer }
}

fn request(title: &str) -> ReleaseRequest {
    ReleaseRequest { title: title.to_owned(), min_count: 5 }
}

fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a str {
    std::str::from_utf8(&files.iter().find(|(n, _)| n == name).unwrap().1).unwrap()
}

pub(crate) async fn a_release_verifies_offline_and_names_any_altered_file(app: App) {
    let (app, scenario) = loaded(app).await;
    let reviewer = reviewer(&app).await;
    let id = app.publish_release(&reviewer, now(), request("January 2022: first release")).await.unwrap();
    let (name, tar) = app.release_bundle(&id).await.unwrap();
    assert_eq!(name, format!("aqiqat-release-{id}.tar"));
    assert_eq!(app.release_bundle(&id).await.unwrap().1, tar, "the same release downloads as the same bytes");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(&name);
    std::fs::write(&path, &tar).unwrap();
    let files = read_bundle(&path).unwrap();
    let (_, public_key) = app.signer().unwrap();
    let key = app::PublicKey::from_hex(&public_key).unwrap();
    let verified = verify_bundle(&files, &key).unwrap();
    assert_eq!(verified.title, "January 2022: first release");
    assert_eq!(verified.approved_by, "Rita Reviewer");
    assert_eq!(verified.n_files + 2, files.len());
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for expected in ["persons.csv", "persons.json", "incidents.csv", "claims.json", "statistics.csv", "estimates.csv"] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    // Every data file carries exactly its data set's allow-listed fields, in CSV and in JSON.
    for dataset in domain::publish::ALLOW_LIST {
        let csv = file(&files, &format!("{}.csv", dataset.name));
        assert_eq!(csv.lines().next().unwrap(), dataset.fields.join(","), "{}", dataset.name);
        let json: serde_json::Value = serde_json::from_str(file(&files, &format!("{}.json", dataset.name))).unwrap();
        for row in json.as_array().unwrap() {
            let mut keys: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
            let mut allowed = dataset.fields.to_vec();
            keys.sort_unstable();
            allowed.sort_unstable();
            assert_eq!(keys, allowed, "{}", dataset.name);
        }
        assert_eq!(json.as_array().unwrap().len() + 1, csv.lines().count().max(1), "{}", dataset.name);
    }
    // The persons are the registry's.
    let persons = file(&files, "persons.csv");
    assert_eq!(persons.lines().next().unwrap(), domain::publish::allowed_fields("persons").unwrap().join(","));
    let registry = app.registry(&Actor::System, &app::RegistryFilter::default(), None, 1).await.unwrap();
    assert_eq!(persons.lines().count() as u64, registry.total + 1);
    // No protected value anywhere in the bundle.
    let everything: String = files.iter().map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned()).collect();
    for allegation in &scenario.allegations {
        assert!(!everything.contains(allegation.complainant.expose()), "a complainant's name was published");
    }
    for testimony in &scenario.testimonies {
        assert!(!everything.contains(testimony.witness.expose()), "a witness's name was published");
    }
    // Small counts are suppressed, and the report counts them.
    let statistics = file(&files, "statistics.csv");
    let n_suppressed = statistics.lines().filter(|line| line.ends_with(",<5")).count() as u64;
    for line in statistics.lines().skip(1) {
        let count = line.rsplit(',').next().unwrap();
        assert!(count == "<5" || count.parse::<u64>().unwrap() >= 5, "{line}");
    }
    let report: serde_json::Value = serde_json::from_str(file(&files, "redaction-report.json")).unwrap();
    let reported: u64 =
        report["suppressed_counts"].as_array().unwrap().iter().map(|t| t["counts_suppressed"].as_u64().unwrap()).sum();
    assert_eq!(reported, n_suppressed);
    let withheld = report["datasets"][0]["fields_withheld"].as_array().unwrap();
    assert!(withheld.iter().any(|w| w["field"] == "birth_date"), "{withheld:?}");
    assert!(!report.to_string().contains(scenario.allegations[0].complainant.expose()));
    // One altered byte in any file fails, naming the file (the manifest and signature: the signature).
    for (index, (name, bytes)) in files.iter().enumerate() {
        let mut altered = files.clone();
        let at = bytes.len() / 2;
        altered[index].1[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
        let problem = verify_bundle(&altered, &key).unwrap_err();
        match name.as_str() {
            "manifest.json" | "manifest.sig" => assert!(matches!(problem, BundleProblem::BadSignature { .. })),
            _ => assert!(matches!(&problem, BundleProblem::Altered { file, .. } if file == name), "{problem}"),
        }
        assert!(problem.to_string().contains(name.as_str()), "{problem}");
    }
    // Another key, a missing file, an extra file.
    let other = app::SigningKey::generate().public_key();
    assert!(matches!(verify_bundle(&files, &other), Err(BundleProblem::BadSignature { .. })));
    let mut missing = files.clone();
    missing.retain(|(n, _)| n != "claims.csv");
    assert_eq!(verify_bundle(&missing, &key), Err(BundleProblem::Missing("claims.csv".to_owned())));
    let mut extra = files.clone();
    extra.push(("notes.txt".to_owned(), b"x".to_vec()));
    assert_eq!(verify_bundle(&extra, &key), Err(BundleProblem::Unlisted("notes.txt".to_owned())));
    // Any byte of the .tar, headers and padding too: a stride through the whole file.
    assert_eq!(app::verify_bundle_at(&path, &key), Ok(verified.clone()));
    let altered_path = dir.path().join("altered.tar");
    for at in (0..tar.len()).step_by(tar.len() / 400 + 1).chain([tar.len() - 1]) {
        let mut altered = tar.clone();
        altered[at] ^= 0x20;
        std::fs::write(&altered_path, &altered).unwrap();
        assert!(app::verify_bundle_at(&altered_path, &key).is_err(), "byte {at} of {} altered unnoticed", tar.len());
    }
    // A second, altered copy of a listed file (which unpacking would keep) is refused.
    let mut twice = files.clone();
    twice.push(("persons.csv".to_owned(), b"person_id\nper_forged\n".to_vec()));
    twice.sort();
    assert_eq!(verify_bundle(&twice, &key), Err(BundleProblem::Duplicate("persons.csv".to_owned())));
    // An unpacked folder verifies as the .tar does.
    let unpacked = dir.path().join("unpacked").join(format!("aqiqat-release-{id}"));
    std::fs::create_dir_all(&unpacked).unwrap();
    for (name, bytes) in &files {
        std::fs::write(unpacked.join(name), bytes).unwrap();
    }
    assert_eq!(verify_bundle(&read_bundle(&dir.path().join("unpacked")).unwrap(), &key), Ok(verified.clone()));
    assert_eq!(verify_bundle(&read_bundle(&unpacked).unwrap(), &key), Ok(verified));
    // The release is in the log: verify replays it, and its checkpoint holds.
    assert_eq!(app.verify(&Actor::System).await.unwrap().problem, None);
    let checks = app.verify_checkpoints(&Actor::System).await.unwrap();
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0].status, CheckpointStatus::Valid);
    let releases = app.verify_releases(&Actor::System).await.unwrap();
    assert!(matches!(&releases[..], [(_, Ok(_))]), "{releases:?}");
    app.tamper("UPDATE release_files SET content = content || ' ' WHERE name = 'claims.csv'").await.unwrap();
    let releases = app.verify_releases(&Actor::System).await.unwrap();
    assert!(matches!(&releases[0].1, Err(BundleProblem::Altered { file, .. }) if file == "claims.csv"));
    app.tamper("UPDATE release_files SET content = substr(content, 1, length(content) - 1) WHERE name = 'claims.csv'")
        .await
        .unwrap();
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());
    let list = app.releases().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].head_seq + 1, checks[0].checkpoint.seq, "the checkpoint covers the release's event");
    let detail = app.release(&id).await.unwrap();
    assert_eq!(detail.files.len(), files.len());
    assert_eq!(detail.report.datasets[0].dataset, "persons");
}

pub(crate) async fn only_reviewers_publish(app: App) {
    let (app, _) = loaded(app).await;
    for role in [Role::Administrator, Role::Investigator, Role::Analyst, Role::Public] {
        let actor = Actor::User { id: domain::id::UserId::from_bits(1), role };
        assert!(matches!(app.publish_release(&actor, now(), request("x")).await, Err(app::Error::Denied(_))));
        assert!(matches!(app.release_preview(&actor, 5).await, Err(app::Error::Denied(_))));
    }
    assert!(matches!(app.publish_release(&Actor::System, now(), request("x")).await, Err(app::Error::Denied(_))));
    let reviewer = reviewer(&app).await;
    assert!(matches!(app.publish_release(&reviewer, now(), request("  ")).await, Err(app::Error::BadInput { .. })));
    assert!(app.releases().await.unwrap().is_empty());
}

pub(crate) async fn checkpoints_catch_a_rewritten_log(app: App) {
    let (app, _) = loaded(app).await;
    let checkpoint = app.sign_checkpoint(&Actor::System, now()).await.unwrap();
    let (signer, _) = app.signer().unwrap();
    assert_eq!(checkpoint.signer, signer);
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());
    let checks = app.verify_checkpoints(&Actor::System).await.unwrap();
    assert_eq!(checks.iter().map(|c| &c.status).collect::<Vec<_>>(), [&CheckpointStatus::Valid]);
    let analyst = Actor::User { id: domain::id::UserId::from_bits(1), role: Role::Analyst };
    assert!(app.sign_checkpoint(&analyst, now()).await.is_err());
    // Someone with the database alters an early event and recomputes every hash after it: the
    // chain is consistent again, but the signed head no longer matches.
    app.tamper("UPDATE events SET actor = 'someone else' WHERE seq = 3").await.unwrap();
    app.tamper_rehash(3).await.unwrap();
    assert!(app.verify(&Actor::System).await.unwrap().is_ok(), "the hash chain alone cannot tell");
    let checks = app.verify_checkpoints(&Actor::System).await.unwrap();
    assert!(matches!(&checks[0].status, CheckpointStatus::HeadDiffers { found: Some(_) }), "{checks:?}");
    // A forged checkpoint does not carry a valid signature.
    app.tamper("UPDATE checkpoints SET signer = 'Mallory'").await.unwrap();
    let checks = app.verify_checkpoints(&Actor::System).await.unwrap();
    assert_eq!(checks[0].status, CheckpointStatus::BadSignature);
}
