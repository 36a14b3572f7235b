//! The master key (issue 6, item 2): every protected value stored sealed with its data key apart;
//! rotation rewraps every data key in one transaction, after which every value opens with the new
//! key and none with the old, the log still verifies, and a rotation that fails part-way changes
//! nothing. On SQLite (a file, to reopen it) and PostgreSQL.

use app::{App, MasterKey};
use domain::access::Actor;
use domain::date::Timestamp;
use domain::entity::{NewAllegation, NewTestimony, ViolationKind};
use domain::id::{AllegationId, TestimonyId};
use domain::protected::Protected;

use crate::now;

/// A database that can be opened again: a SQLite file in `dir`, or a fresh PostgreSQL database.
async fn database(dir: &tempfile::TempDir, postgres: bool) -> Option<String> {
    if !postgres {
        return Some(dir.path().join("keys.db").display().to_string());
    }
    let admin_url = store::test_postgres_url()?;
    Some(store::create_test_database(&admin_url).await.unwrap())
}

async fn with_protected_values(db: &str, key: MasterKey) -> App {
    let app = App::open(db, key).await.unwrap();
    let text = |t: &str| Protected::new(t.to_owned());
    let testimonies = (1..=3)
        .map(|n| NewTestimony {
            id: TestimonyId::from_bits(n),
            incident_id: None,
            witness: text("Айгүл Серікқызы"),
            contact: (n % 2 == 1).then(|| text("+7 701 555 0101")),
            text: text("They fired towards the crowd."),
            language: "en".to_owned(),
            given_on: jiff::civil::date(2022, 2, 1),
        })
        .collect();
    app.record_testimonies(&Actor::System, now(), testimonies).await.unwrap();
    let allegation = NewAllegation {
        id: AllegationId::from_bits(1),
        incident_id: None,
        victim: None,
        kind: ViolationKind::Torture,
        complainant: text("Болат Жумабаев"),
        medical: Some(text("broken ribs")),
        registration_number: None,
        handling_body: None,
        timeline: vec![],
        perpetrators: vec![],
        details: None,
    };
    app.register_allegations(&Actor::System, now(), vec![allegation]).await.unwrap();
    app
}

/// Whether any stored value opens with `key` through the data key kept for it.
async fn any_opens_with(db: &str, key: &MasterKey) -> bool {
    let store = store::Store::open(db).await.unwrap();
    let mut opened = false;
    for (.., sealed) in store.sealed_values().await.unwrap() {
        let value_id = crypto::stored::value_id(&sealed).expect("stored format");
        let wrapped = store.data_key(&value_id).await.unwrap().expect("a data key");
        opened |= crypto::stored::open(key, &sealed, &wrapped).is_ok();
    }
    store.close().await;
    opened
}

async fn rotation_rewraps_every_key_and_the_log_still_verifies(postgres: bool) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = database(&dir, postgres).await else { return };
    let (old, new) = (MasterKey::generate(), MasterKey::generate());
    let (old_hex, new_hex) = (old.to_hex(), new.to_hex());
    let app = with_protected_values(&db, old).await;
    let before = app.check_sealed(&Actor::System).await.unwrap();
    assert_eq!((before.n_open, before.problems.len()), (3 * 2 + 2 + 2, 0), "{before:?}");
    let later = Timestamp::from_millis(now().as_millis() + 1_000);
    let rotation = app.rotate_master_key(&Actor::System, later, &new).await.unwrap();
    assert_eq!((rotation.n_rewrapped, rotation.n_already), (before.n_open, 0));
    app.close().await;

    let refused = App::open(&db, MasterKey::from_hex(&old_hex).unwrap()).await;
    assert!(matches!(refused, Err(app::Error::WrongKey { .. })), "the old key is refused");
    assert!(!any_opens_with(&db, &MasterKey::from_hex(&old_hex).unwrap()).await, "no value opens with the old key");
    let app = App::open(&db, MasterKey::from_hex(&new_hex).unwrap()).await.unwrap();
    let after = app.check_sealed(&Actor::System).await.unwrap();
    assert_eq!(after, before, "every value opens with the new key");
    let report = app.verify(&Actor::System).await.unwrap();
    assert_eq!(report.problem, None, "the log and the state are untouched");
    // Running it again with the new key in hand finds nothing left to do.
    let again = app.rotate_master_key(&Actor::System, later, &MasterKey::from_hex(&new_hex).unwrap()).await.unwrap();
    assert_eq!((again.n_rewrapped, again.n_already), (0, before.n_open));
    app.close().await;
}

async fn a_rotation_that_fails_part_way_changes_nothing(postgres: bool) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = database(&dir, postgres).await else { return };
    let old = MasterKey::generate();
    let old_hex = old.to_hex();
    let app = with_protected_values(&db, old).await;
    let events = app.counts(&Actor::System).await.unwrap().events;
    // The last data key in rotation order is damaged: every key before it is rewrapped first,
    // then the rotation fails on it and must roll all of them back.
    app.tamper(
        "UPDATE data_keys SET wrapped = (SELECT wrapped FROM data_keys WHERE value_id = \
         (SELECT MIN(value_id) FROM data_keys)) WHERE value_id = (SELECT MAX(value_id) FROM data_keys)",
    )
    .await
    .unwrap();
    let failed = app.rotate_master_key(&Actor::System, now(), &MasterKey::generate()).await;
    assert!(failed.is_err());
    assert_eq!(app.counts(&Actor::System).await.unwrap().events, events, "no rotation event");
    app.close().await;
    let app = App::open(&db, MasterKey::from_hex(&old_hex).unwrap()).await.expect("still the old key's database");
    let check = app.check_sealed(&Actor::System).await.unwrap();
    assert_eq!((check.n_open, check.problems.len()), (3 * 2 + 2 + 2 - 1, 1), "only the damaged key fails");
    app.close().await;
}

#[tokio::test]
async fn sqlite_rotation_rewraps_every_key_and_the_log_still_verifies() {
    rotation_rewraps_every_key_and_the_log_still_verifies(false).await;
}

#[tokio::test]
async fn postgres_rotation_rewraps_every_key_and_the_log_still_verifies() {
    rotation_rewraps_every_key_and_the_log_still_verifies(true).await;
}

#[tokio::test]
async fn sqlite_a_rotation_that_fails_part_way_changes_nothing() {
    a_rotation_that_fails_part_way_changes_nothing(false).await;
}

#[tokio::test]
async fn postgres_a_rotation_that_fails_part_way_changes_nothing() {
    a_rotation_that_fails_part_way_changes_nothing(true).await;
}

#[tokio::test]
async fn every_protected_value_of_the_demo_is_sealed_for_storage() {
    let (app, _) = crate::loaded(crate::sqlite().await).await;
    let check = app.check_sealed(&Actor::System).await.unwrap();
    assert!(check.n_open > 50, "{check:?}");
    assert!(check.problems.is_empty(), "{check:?}");
}

/// The SQLite files while the database is open (the write-ahead log full of fresh pages) and
/// after it is closed: no form of the canary in any of them.
#[tokio::test]
async fn the_sqlite_files_hold_no_canary_while_open_or_closed() {
    const CANARY: &str = "CANARY-wal-7Kp2";
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("canary.db");
    let app = App::open(&db.display().to_string(), MasterKey::generate()).await.unwrap();
    let mut scenario = demo::generate(&demo::DemoConfig { seed: 7, scale: demo::Scale::Small });
    scenario.plant_canary(CANARY);
    app.load_demo(&scenario, &crate::passwords(), now()).await.unwrap();
    // The control: a value that is not protected, a source's title, is found in clear.
    let control = scenario.sources[0].title.clone();
    let scan = |when: &str| {
        let mut all = Vec::new();
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let path = format!("{}{suffix}", db.display());
            if let Ok(bytes) = std::fs::read(&path) {
                assert_eq!(demo::find_canary(&bytes, CANARY), None, "{when}: {path}");
                all.extend(bytes);
            }
        }
        assert_eq!(demo::find_canary(&all, &control), Some("plain"), "{when}: the scan sees clear text");
    };
    let wal = std::fs::metadata(format!("{}-wal", db.display())).map(|m| m.len()).unwrap_or(0);
    assert!(wal > 0, "the write-ahead log holds pages while the database is open");
    scan("open");
    app.close().await;
    scan("closed");
}
