//! The conformance cases, each a function of a fresh store.

use domain::access::{Action, Actor, Permit, authorize};
use domain::change::Change;
use domain::date::Timestamp;
use domain::entity::*;
use domain::id::*;
use domain::protected::Protected;
use store::verify::{Problem, verify};
use store::{SessionRow, Store};

fn permit() -> Permit {
    authorize(&Actor::System, Action::EditRegistry).unwrap()
}

fn at(millis: i64) -> Timestamp {
    Timestamp::from_millis(1_641_340_800_000 + millis)
}

fn person(bits: u128, name: &str) -> Person {
    Person {
        id: PersonId::from_bits(bits),
        names: vec![
            PersonName { text: name.to_owned(), script: Script::CyrillicKazakh, scheme: None },
            PersonName { text: format!("{name} (lat)"), script: Script::Latin, scheme: Some("bgn-pcgn".to_owned()) },
        ],
        gender: Some(Gender::Male),
        birth_date: Some("1971".parse().unwrap()),
        death_date: None,
        notes: String::new(),
    }
}

fn unit(bits: u128, name: &str, parent: Option<u128>) -> Unit {
    Unit {
        id: UnitId::from_bits(bits),
        kind: UnitKind::Unit,
        base: Some("Almaty".to_owned()),
        names: vec![
            UnitName { name: name.to_owned(), language: "en".to_owned(), valid_from: None, valid_to: None },
            UnitName {
                name: format!("{name} (ru)"),
                language: "ru".to_owned(),
                valid_from: Some("2014-04-21".parse().unwrap()),
                valid_to: None,
            },
        ],
        parents: parent
            .map(|p| UnitParent { parent_id: UnitId::from_bits(p), valid_from: None, valid_to: None })
            .into_iter()
            .collect(),
        source_ids: vec![],
    }
}

async fn append(store: &Store, millis: i64, change: Change) -> i64 {
    let mut tx = store.begin().await.unwrap();
    let event = tx.append(&permit(), at(millis), &change).await.unwrap();
    tx.commit().await.unwrap();
    event.seq
}

/// A small history: two persons, a unit tree, a locale change.
async fn history(store: &Store) {
    append(
        store,
        1,
        Change::PersonsAdded {
            persons: vec![person(1, "Ерлан Серікұлы"), person(2, "Айгүл Нұрланқызы")]
        },
    )
    .await;
    append(
        store,
        2,
        Change::UnitsAdded { units: vec![unit(10, "National Guard", None), unit(11, "Burkit", Some(10))] },
    )
    .await;
    append(store, 3, Change::PersonsAdded { persons: vec![person(3, "Асқар Бекұлы")] }).await;
}

pub(crate) async fn round_trips_a_person_and_a_unit(store: Store) {
    history(&store).await;
    assert_eq!(store.person(&PersonId::from_bits(2)).await.unwrap(), Some(person(2, "Айгүл Нұрланқызы")));
    assert_eq!(store.unit(&UnitId::from_bits(11)).await.unwrap(), Some(unit(11, "Burkit", Some(10))));
    assert_eq!(store.person(&PersonId::from_bits(99)).await.unwrap(), None);
    let children = store.unit_children(&UnitId::from_bits(10)).await.unwrap();
    assert_eq!(children.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(), ["Burkit"]);
}

pub(crate) async fn events_chain_and_verify(store: Store) {
    history(&store).await;
    let report = verify(&store).await.unwrap();
    assert_eq!(report.problem, None);
    assert_eq!(report.n_events, 3);
    assert_eq!(report.head.as_ref().map(|h| h.0), Some(3));
    assert!(report.n_rows_compared >= 3 + 6 + 2 + 4);
}

pub(crate) async fn a_rolled_back_transaction_leaves_no_event(store: Store) {
    let mut tx = store.begin().await.unwrap();
    tx.append(&permit(), at(1), &Change::PersonsAdded { persons: vec![person(1, "Ерлан")] }).await.unwrap();
    drop(tx);
    assert_eq!(store.counts().await.unwrap().events, 0);
    assert_eq!(store.person(&PersonId::from_bits(1)).await.unwrap(), None);
    // The next event still gets sequence number 1: the rolled-back one left no trace.
    assert_eq!(append(&store, 2, Change::PersonsAdded { persons: vec![person(1, "Ерлан")] }).await, 1);
    assert!(verify(&store).await.unwrap().is_ok());
}

pub(crate) async fn altering_a_state_row_fails_verify(store: Store) {
    history(&store).await;
    let id = PersonId::from_bits(2);
    store
        .execute_unchecked(&format!("UPDATE persons SET display_name = 'Someone else' WHERE id = '{id}'"))
        .await
        .unwrap();
    let problem = verify(&store).await.unwrap().problem.expect("tampering is detected");
    assert_eq!(
        problem.to_string(),
        format!(
            "table persons, row id=\"{id}\": column display_name is \"Someone else\" but the log gives \"Айгүл Нұрланқызы\" (row last written by event 1)"
        )
    );
}

pub(crate) async fn altering_an_event_payload_fails_verify(store: Store) {
    history(&store).await;
    store
        .execute_unchecked("UPDATE events SET payload = REPLACE(payload, 'Burkit', 'Birkut') WHERE seq = 2")
        .await
        .unwrap();
    let problem = verify(&store).await.unwrap().problem;
    assert_eq!(problem, Some(Problem::HashMismatch { seq: 2 }));
    assert_eq!(problem.unwrap().to_string(), "event 2 does not match its hash: it was altered");
}

pub(crate) async fn removing_the_last_event_fails_verify(store: Store) {
    history(&store).await;
    store.execute_unchecked("DELETE FROM events WHERE seq = 3").await.unwrap();
    assert_eq!(verify(&store).await.unwrap().problem, Some(Problem::HeadMismatch { head_seq: 3, last_seq: 2 }));
}

pub(crate) async fn removing_a_middle_event_fails_verify(store: Store) {
    history(&store).await;
    store.execute_unchecked("DELETE FROM events WHERE seq = 2").await.unwrap();
    assert_eq!(verify(&store).await.unwrap().problem, Some(Problem::Gap { expected_seq: 2, found_seq: 3 }));
}

pub(crate) async fn a_row_added_behind_the_log_fails_verify(store: Store) {
    history(&store).await;
    store
        .execute_unchecked(
            "INSERT INTO persons (id, display_name, sort_key, notes, event_seq) \
             VALUES ('per_zzzzzzzzzzzzzzzz', 'Ghost', 'ghost', '', 3)",
        )
        .await
        .unwrap();
    let problem = verify(&store).await.unwrap().problem.expect("an extra row is detected");
    assert!(
        problem.to_string().starts_with(
            "table persons, row id=\"per_zzzzzzzzzzzzzzzz\": the row is in the database but not in the replayed log"
        ),
        "{problem}"
    );
}

pub(crate) async fn sealed_values_are_stored_as_ciphertext(store: Store) {
    let key = crypto::envelope::MasterKey::generate();
    let secret = "Canary-Witness-Name-7f3a";
    let testimony = Testimony {
        id: TestimonyId::from_bits(5),
        incident_id: None,
        witness: crypto::envelope::seal(&key, &Protected::new(secret.to_owned())),
        contact: None,
        text: crypto::envelope::seal(&key, &Protected::new(format!("{secret} saw it"))),
        language: "ru".to_owned(),
        given_on: "2022-02-01".parse().unwrap(),
    };
    append(&store, 1, Change::TestimoniesRecorded { testimonies: vec![testimony] }).await;
    // Neither the state table nor the event payload holds the clear text.
    let hits = store
        .execute_unchecked(&format!("UPDATE events SET kind = kind WHERE payload LIKE '%{secret}%'"))
        .await
        .unwrap();
    assert_eq!(hits, 0);
    assert!(verify(&store).await.unwrap().is_ok());
}

pub(crate) async fn sessions_round_trip(store: Store) {
    append(
        &store,
        1,
        Change::UserAdded {
            user: User {
                id: UserId::from_bits(1),
                username: "admin".to_owned(),
                display_name: "Admin".to_owned(),
                role: Role::Administrator,
                locale: Locale::Ru,
                password_hash: "$argon2id$v=19$...".to_owned(),
            },
        },
    )
    .await;
    let row = SessionRow { user_id: UserId::from_bits(1), csrf_token: "csrf".to_owned(), expires_at: at(1000) };
    store.insert_session("digest", &row, at(0)).await.unwrap();
    let found = store.session_with_user("digest").await.unwrap().map(|(session, user)| (session, user.username));
    assert_eq!(found, Some((row, "admin".to_owned())));
    store.delete_session("digest").await.unwrap();
    assert_eq!(store.session_with_user("digest").await.unwrap(), None);
    assert_eq!(store.user_by_username("admin").await.unwrap().map(|u| u.locale), Some(Locale::Ru));
    // Sessions are not state: they do not disturb verification.
    assert!(verify(&store).await.unwrap().is_ok());
}

pub(crate) async fn keyset_pages_follow_name_order(store: Store) {
    let names = ["Ерлан", "Айгүл", "Zhanna", "Асқар", "anna", "Bolat"];
    let persons = names.iter().enumerate().map(|(i, n)| person(i as u128 + 1, n)).collect();
    append(&store, 1, Change::PersonsAdded { persons }).await;
    let mut seen = Vec::new();
    let mut after: Option<PersonId> = None;
    loop {
        let page = store.persons_page(after.as_ref(), 2).await.unwrap();
        if page.is_empty() {
            break;
        }
        after = Some(PersonId::parse(&page.last().unwrap().id).unwrap());
        seen.extend(page.into_iter().map(|s| s.title));
    }
    // Case-folded, then by code point: the same order on both backends.
    assert_eq!(seen, ["anna", "Bolat", "Zhanna", "Айгүл", "Асқар", "Ерлан"]);
}

pub(crate) async fn state_tables_are_all_verified(store: Store) {
    let sql = match store.backend() {
        store::Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        store::Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables WHERE table_schema = 'public'"
        }
    };
    let tables = store.table_names(sql).await.unwrap();
    let mut expected: Vec<String> = store::verify::STATE_TABLES.iter().map(|(t, _)| t.to_string()).collect();
    expected.extend(
        ["_sqlx_migrations", "chain_head", "events", "sessions", "login_throttle", "sign_in_challenges", "totp_steps"]
            .map(String::from),
    );
    // Wrapped data keys: outside the log, so that key rotation rewraps them without touching it.
    expected.push("data_keys".to_owned());
    expected.sort();
    assert_eq!(tables, expected, "a new table must be listed in STATE_TABLES or declared not to be state");
}

/// TOTP enrolment and locks are state and verify; throttles, challenges and spent steps are not.
pub(crate) async fn account_security_round_trips(store: Store) {
    let user = User {
        id: UserId::from_bits(1),
        username: "admin".to_owned(),
        display_name: "Admin".to_owned(),
        role: Role::Administrator,
        locale: Locale::En,
        password_hash: "$argon2id$v=19$...".to_owned(),
    };
    append(&store, 1, Change::UserAdded { user: user.clone() }).await;
    assert_eq!(store.account_security(&user.id).await.unwrap(), store::AccountSecurity::default());
    let sealed = domain::protected::Sealed::from_bytes(vec![1, 2, 3, 250]);
    append(&store, 2, Change::UserTotpEnrolled { user_id: user.id.clone(), secret: sealed.clone() }).await;
    append(&store, 3, Change::AccountLocked { user_id: user.id.clone(), until: at(9000), failures: 5 }).await;
    let (_, security) = store.user_with_security("admin").await.unwrap().unwrap();
    assert_eq!(security, store::AccountSecurity { totp_secret: Some(sealed.clone()), locked_until: Some(at(9000)) });
    append(&store, 4, Change::AccountUnlocked { user_id: user.id.clone() }).await;
    assert_eq!(store.account_security(&user.id).await.unwrap().locked_until, None);
    let digests = vec!["d1".to_owned(), "d2".to_owned()];
    append(&store, 5, Change::RecoveryCodesGenerated { user_id: user.id.clone(), digests }).await;
    append(&store, 5, Change::RecoveryCodeUsed { user_id: user.id.clone(), digest: "d1".to_owned() }).await;
    assert!(!store.recovery_code_unused(&user.id, "d1").await.unwrap(), "spent");
    assert!(store.recovery_code_unused(&user.id, "d2").await.unwrap());
    assert_eq!(store.recovery_codes_left(&user.id).await.unwrap(), 1);
    let mut tx = store.begin().await.unwrap();
    let again = Change::RecoveryCodeUsed { user_id: user.id.clone(), digest: "d1".to_owned() };
    let refused = tx.append(&permit(), at(5), &again).await;
    assert!(matches!(refused, Err(store::Error::RecoveryCodeSpent)), "a code is spent once: {refused:?}");
    drop(tx);
    append(&store, 5, Change::UserTotpReset { user_id: user.id.clone() }).await;
    assert_eq!(store.recovery_codes_left(&user.id).await.unwrap(), 0, "a reset removes the codes");
    let listed = store.users_with_security().await.unwrap();
    assert_eq!(listed, vec![(user.clone(), store::AccountSecurity::default())], "the reset removes the secret");

    let throttle = store::ThrottleRow { failures: 3, window_start: at(10), locked_until: at(0), lockouts: 1 };
    let four = store::ThrottleRow { failures: 4, ..throttle };
    assert!(store.swap_throttle("account:admin", None, &throttle).await.unwrap());
    assert!(!store.swap_throttle("account:admin", None, &throttle).await.unwrap(), "the row exists already");
    assert!(store.swap_throttle("account:admin", Some(&throttle), &four).await.unwrap());
    assert!(!store.swap_throttle("account:admin", Some(&throttle), &four).await.unwrap(), "it changed meanwhile");
    assert_eq!(store.throttle("account:admin").await.unwrap().map(|t| t.failures), Some(4));
    store.clear_throttle("account:admin").await.unwrap();
    assert_eq!(store.throttle("account:admin").await.unwrap(), None);

    let challenge = store::ChallengeRow { user_id: user.id.clone(), expires_at: at(500) };
    store.insert_challenge("c1", &challenge, at(0)).await.unwrap();
    assert_eq!(store.challenge("c1").await.unwrap(), Some(challenge));
    store.delete_challenge("c1").await.unwrap();
    assert_eq!(store.challenge("c1").await.unwrap(), None);

    assert!(store.spend_totp_step(&user.id, 100).await.unwrap());
    assert!(!store.spend_totp_step(&user.id, 100).await.unwrap(), "a step is spent once");
    assert!(!store.spend_totp_step(&user.id, 99).await.unwrap(), "earlier steps are spent too");
    assert!(store.spend_totp_step(&user.id, 101).await.unwrap());
    assert!(verify(&store).await.unwrap().is_ok());
}

fn release(bits: u128, title: &str, head_seq: i64, head_hash: &str) -> domain::publish::Release {
    use domain::publish::ReleaseFile;
    domain::publish::Release {
        id: ReleaseId::from_bits(bits),
        title: title.to_owned(),
        published_at: at(10 + bits as i64),
        approved_by: "Reviewer".to_owned(),
        head_seq,
        head_hash: head_hash.to_owned(),
        signer: "Test NGO".to_owned(),
        public_key: "ab".repeat(32),
        files: vec![
            ReleaseFile { name: "persons.csv".to_owned(), content: "person_id\nper_1\n".to_owned() },
            ReleaseFile { name: "manifest.json".to_owned(), content: "{}".to_owned() },
        ],
    }
}

/// Checkpoints and releases are state: written from their events, read back whole, checked by
/// `verify`; the chain head is read and locked for signing.
pub(crate) async fn checkpoints_and_releases_round_trip(store: Store) {
    history(&store).await;
    let (seq, hash) = store.head().await.unwrap();
    assert_eq!(seq, 3);
    assert_eq!(store.event_hash(3).await.unwrap(), Some(hash.clone()));
    assert_eq!(store.event_hash(4).await.unwrap(), None);
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.lock_head().await.unwrap(), (seq, hash.clone()));
    let checkpoint = domain::publish::Checkpoint {
        seq,
        head_hash: hash.clone(),
        signed_at: at(5),
        signer: "Test NGO".to_owned(),
        public_key: "ab".repeat(32),
        signature: "cd".repeat(64),
    };
    let event =
        tx.append(&permit(), at(5), &Change::CheckpointSigned { checkpoint: checkpoint.clone() }).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.checkpoints().await.unwrap(), vec![(event.seq, checkpoint)]);
    let first = release(1, "First", 4, &event.hash);
    let second = release(2, "Second", 5, &hash);
    append(&store, 11, Change::ReleasePublished { release: first.clone() }).await;
    append(&store, 12, Change::ReleasePublished { release: second.clone() }).await;
    let list = store.releases().await.unwrap();
    assert_eq!(list.iter().map(|r| r.title.as_str()).collect::<Vec<_>>(), ["Second", "First"], "newest first");
    let (summary, files) = store.release(&first.id).await.unwrap().unwrap();
    assert_eq!(
        (summary.head_seq, summary.head_hash.as_str(), summary.signer.as_str()),
        (4, event.hash.as_str(), "Test NGO")
    );
    assert_eq!(files, first.files);
    assert_eq!(store.release(&ReleaseId::from_bits(9)).await.unwrap(), None);
    assert!(verify(&store).await.unwrap().is_ok());
    store
        .execute_unchecked("UPDATE release_files SET content = 'person_id\nper_2\n' WHERE position = 0")
        .await
        .unwrap();
    let problem = verify(&store).await.unwrap().problem.expect("an altered release file is detected");
    assert!(problem.to_string().starts_with("table release_files, row release_id="), "{problem}");
}

/// A snapshot holds every column of its rows (the allow-list, not the query, decides what is
/// published); statistics count per group.
pub(crate) async fn snapshots_hold_every_column(store: Store) {
    history(&store).await;
    assert_eq!(store.snapshot("persons").await.unwrap(), Some(vec![]), "no registry persons before a link run");
    assert_eq!(store.snapshot("testimonies").await.unwrap(), None);
    let incident = Incident {
        id: IncidentId::from_bits(40),
        title: "Shooting on Republic Square".to_owned(),
        date: "2022-01-05".parse().unwrap(),
        place: Place {
            name: "Almaty".to_owned(),
            region_at_event: "Almaty".to_owned(),
            current_region: "Almaty".to_owned(),
        },
        description: "internal notes".to_owned(),
        violations: vec![Violation {
            id: ViolationId::from_bits(41),
            kind: ViolationKind::Killing,
            victim: None,
            victim_count: 3,
        }],
        source_ids: vec![],
    };
    append(&store, 4, Change::IncidentsRecorded { incidents: vec![incident] }).await;
    let incidents = store.snapshot("incidents").await.unwrap().unwrap();
    let columns: Vec<&str> = incidents[0].iter().map(|(name, _)| name.as_str()).collect();
    assert!(columns.contains(&"description") && columns.contains(&"title") && columns.contains(&"event_seq"));
    assert!(
        incidents[0]
            .contains(&("title".to_owned(), domain::publish::Cell::Text("Shooting on Republic Square".to_owned())))
    );
    let statistics = store.statistics().await.unwrap();
    assert_eq!(statistics.len(), 1);
    assert_eq!(
        (statistics[0].table, statistics[0].category.as_str(), statistics[0].count),
        ("violations_by_kind", "killing", 3)
    );
    assert_eq!(store.count_rows("testimonies").await.unwrap(), 0);
    assert_eq!(store.count_rows("persons").await.unwrap(), 0, "only withheld tables are counted");
}

fn evidence(bits: u128, sha256: &str, derived_from: Option<u128>) -> Evidence {
    Evidence {
        id: EvidenceId::from_bits(bits),
        title: format!("item {bits}"),
        sha256: sha256.to_owned(),
        size_bytes: 11,
        media_type: "video/mp4".to_owned(),
        received_at: at(bits as i64),
        incident_id: None,
        source_id: None,
        derived_from: derived_from.map(EvidenceId::from_bits),
        derivation: derived_from.map(|_| "faces blurred".to_owned()),
    }
}

fn custody(bits: u128, position: u32, action: domain::custody::CustodyAction, prev: &str, hash: &str) -> Change {
    Change::CustodyRecorded {
        entry: domain::custody::CustodyEntry {
            evidence_id: EvidenceId::from_bits(bits),
            position,
            action,
            actor: "ana".to_owned(),
            at: at(100 + i64::from(position)),
            note: format!("note {position}"),
            prev_hash: prev.to_owned(),
            hash: hash.to_owned(),
        },
    }
}

/// Evidence items, a working copy and a custody log round-trip; an entry that does not follow the
/// last one is refused and leaves nothing behind; verify replays the log to the same state.
pub(crate) async fn evidence_and_custody_round_trip(store: Store) {
    use domain::custody::{CustodyAction, GENESIS};
    let (h0, h1) = ("a".repeat(64), "b".repeat(64));
    append(&store, 1, Change::EvidenceRegistered { evidence: evidence(1, &"1".repeat(64), None) }).await;
    append(&store, 2, custody(1, 0, CustodyAction::Received, GENESIS, &h0)).await;
    append(&store, 3, custody(1, 1, CustodyAction::Viewed, &h0, &h1)).await;
    append(&store, 4, Change::EvidenceRegistered { evidence: evidence(2, &"2".repeat(64), Some(1)) }).await;

    let original = EvidenceId::from_bits(1);
    assert_eq!(store.evidence(&original).await.unwrap(), Some(evidence(1, &"1".repeat(64), None)));
    assert_eq!(store.evidence_by_sha256(&"2".repeat(64)).await.unwrap(), Some(evidence(2, &"2".repeat(64), Some(1))));
    assert_eq!(store.evidence_by_sha256(&"3".repeat(64)).await.unwrap(), None);
    let copies = store.evidence_derived_from(&original).await.unwrap();
    assert_eq!(copies.iter().map(|e| e.id.clone()).collect::<Vec<_>>(), vec![EvidenceId::from_bits(2)]);
    let log = store.custody_log(&original).await.unwrap();
    assert_eq!(
        log.iter().map(|e| (e.position, e.action, e.prev_hash.clone(), e.hash.clone())).collect::<Vec<_>>(),
        vec![
            (0, CustodyAction::Received, GENESIS.to_owned(), h0.clone()),
            (1, CustodyAction::Viewed, h0.clone(), h1.clone())
        ]
    );
    let list = store.evidence_list(10).await.unwrap();
    assert_eq!(
        list.iter().map(|r| (r.evidence.id.clone(), r.n_custody)).collect::<Vec<_>>(),
        vec![(EvidenceId::from_bits(2), 0), (EvidenceId::from_bits(1), 2)]
    );
    assert_eq!(store.evidence_in_vault().await.unwrap().len(), 1);

    // A fork (position 1 again) and a gap are refused, and roll back their transaction.
    for wrong in [
        custody(1, 1, CustodyAction::Exported, &h0, &"c".repeat(64)),
        custody(1, 3, CustodyAction::Exported, &h1, &"c".repeat(64)),
        custody(1, 2, CustodyAction::Exported, &h0, &"c".repeat(64)),
        custody(2, 0, CustodyAction::Viewed, GENESIS, &"c".repeat(64)),
    ] {
        let mut tx = store.begin().await.unwrap();
        let refused = tx.append(&permit(), at(9), &wrong).await;
        assert!(matches!(refused, Err(store::Error::CustodyOutOfOrder { .. })), "{wrong:?}: {refused:?}");
    }
    assert_eq!(store.custody_log(&original).await.unwrap().len(), 2);
    assert_eq!(verify(&store).await.unwrap().problem, None);
}

/// Complaints: an allegation with its protocol details, perpetrators and a step's deadline, the
/// complainant's access, a withdrawal and a report of pressure read back as written, and verified.
pub(crate) async fn complaints_round_trip(store: Store) {
    let key = crypto::envelope::MasterKey::generate();
    let mut step = AllegationStatusEvent::new(AllegationStatus::Closed, "2022-03-01".parse().unwrap(), true, "Closed");
    step.deadline = Some("2022-04-01".parse().unwrap());
    step.closure_reason = Some(ClosureReason::Amnesty);
    let details = AllegationDetails {
        acts: vec![AllegedAct::Beating, AllegedAct::Burns],
        place_of_detention: Some("Temporary holding facility".to_owned()),
        examinations: vec![Examination {
            kind: ExaminationKind::Medical,
            on: Some("2022-02-10".parse().unwrap()),
            by: "Forensic bureau".to_owned(),
            consistency: Some(Consistency::HighlyConsistent),
        }],
        death: Some(DeathDetails {
            cause_of_death: "gunshot wound".to_owned(),
            manner_of_death: MannerOfDeath::Homicide,
            autopsy_on: None,
            autopsy_by: String::new(),
            independent_autopsy: true,
            body_released_on: None,
            family_informed_on: None,
        }),
        ..AllegationDetails::default()
    };
    let allegation = Allegation {
        id: AllegationId::from_bits(3),
        incident_id: None,
        victim: None,
        kind: ViolationKind::Torture,
        complainant: crypto::envelope::seal(&key, &Protected::new("Complainant".to_owned())),
        medical: None,
        registration_number: Some("KUI 1".to_owned()),
        handling_body: None,
        timeline: vec![
            AllegationStatusEvent::new(AllegationStatus::Registered, "2022-02-01".parse().unwrap(), true, "Registered"),
            step,
        ],
        perpetrators: vec![AllegedPerpetrator {
            unit_id: Some(UnitId::from_bits(4)),
            person_id: None,
            description: "two officers".to_owned(),
        }],
        details: Some(details),
    };
    append(&store, 1, Change::AllegationsRegistered { allegations: vec![allegation.clone()] }).await;
    let access = Change::ComplainantAccessIssued {
        allegation_id: allegation.id.clone(),
        code: "K7M2-Q9TX".to_owned(),
        passphrase_digest: "$argon2id$v=19$digest".to_owned(),
    };
    append(&store, 2, access).await;
    let withdrawal = Withdrawal {
        id: WithdrawalId::from_bits(5),
        allegation_id: allegation.id.clone(),
        testimony_id: None,
        on: "2022-03-05".parse().unwrap(),
        reason: "Reconciled".to_owned(),
        circumstances: "Visits".to_owned(),
    };
    append(&store, 3, Change::WithdrawalRecorded { withdrawal: withdrawal.clone() }).await;
    let report = PressureReport {
        id: PressureReportId::from_bits(6),
        allegation_id: allegation.id.clone(),
        at: at(4),
        reported_by: ReportedBy::Complainant,
        circumstances: String::new(),
    };
    append(&store, 4, Change::PressureReported { report: report.clone() }).await;

    assert_eq!(store.allegation(&allegation.id).await.unwrap(), Some(allegation.clone()));
    assert_eq!(
        store.complainant_access("K7M2-Q9TX").await.unwrap(),
        Some((allegation.id.clone(), "$argon2id$v=19$digest".to_owned()))
    );
    assert_eq!(store.complainant_access("K7M2-Q9TY").await.unwrap(), None);
    assert_eq!(store.withdrawals_of(&allegation.id).await.unwrap(), vec![withdrawal]);
    assert_eq!(store.pressure_reports_of(&allegation.id).await.unwrap(), vec![report]);
    let facts = store.allegation_facts().await.unwrap();
    assert_eq!(facts.len(), 1);
    assert_eq!(facts[0].unit_ids, vec![UnitId::from_bits(4)]);
    assert_eq!(facts[0].statuses, vec![AllegationStatus::Registered, AllegationStatus::Closed]);
    let rows = store.allegation_rows().await.unwrap();
    assert_eq!((rows[0].n_withdrawals, rows[0].n_pressure, rows[0].has_status_access), (1, 1, true));
    assert_eq!(rows[0].deadline, Some("2022-04-01".parse().unwrap()));

    // Details replaced: no perpetrators, no details; the log replays to the same state.
    let cleared =
        Change::AllegationDetailsSet { allegation_id: allegation.id.clone(), perpetrators: vec![], details: None };
    append(&store, 5, cleared).await;
    let read = store.allegation(&allegation.id).await.unwrap().unwrap();
    assert!(read.perpetrators.is_empty() && read.details.is_none());
    assert!(verify(&store).await.unwrap().is_ok());
}
