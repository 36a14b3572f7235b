//! Use-case tests: the demo scenario loaded through `app` on SQLite and PostgreSQL, verified, and
//! tampered with behind the application's back; access rules as seen through the use cases; the
//! victim registry (imports, linking, review, capture histories) in `registry`.

mod accounts;
mod classification;
mod complaints;
mod evidence;
mod keys;
mod registry;
mod release;
mod vetting;

use app::App;
use domain::access::Actor;
use domain::date::Timestamp;
use domain::entity::Role;
use domain::id::UserId;
use domain::protected::Protected;

pub(crate) fn now() -> Timestamp {
    Timestamp::from_millis(1_700_000_000_000)
}

fn small() -> demo::Scenario {
    demo::generate(&demo::DemoConfig { seed: 7, scale: demo::Scale::Small })
}

pub(crate) async fn sqlite() -> App {
    App::open_in_memory().await.unwrap()
}

pub(crate) async fn postgres() -> Option<App> {
    let admin_url = store::test_postgres_url()?;
    let url = store::create_test_database(&admin_url).await.unwrap();
    let signer = app::Signer { name: "Test".to_owned(), key: app::SigningKey::generate() };
    Some(App::open(&url, app::MasterKey::generate()).await.unwrap().with_signer(signer))
}

pub(crate) fn passwords() -> app::DemoPasswords {
    let password = || Protected::new("demo-password-123".to_owned());
    app::DemoPasswords { admin: password(), investigator: password(), analyst: password() }
}

pub(crate) async fn loaded(app: App) -> (App, demo::Scenario) {
    let scenario = small();
    app.load_demo(&scenario, &passwords(), now()).await.unwrap();
    (app, scenario)
}

async fn demo_loads_and_verifies(app: App) {
    let (app, scenario) = loaded(app).await;
    let report = app.verify(&Actor::System).await.unwrap();
    assert_eq!(report.problem, None);
    let counts = app.counts(&Actor::System).await.unwrap();
    let registry = app.registry(&Actor::System, &app::RegistryFilter::default(), None, 1).await.unwrap();
    assert_eq!(counts.persons as usize, scenario.persons.len() + registry.total as usize);
    assert_eq!(counts.records as usize, scenario.lists.iter().map(|l| l.records.len()).sum::<usize>());
    assert_eq!(counts.events, report.n_events);
}

async fn tampering_with_a_record_fails_verify(app: App) {
    let (app, scenario) = loaded(app).await;
    let record = &scenario.lists[0].records[0];
    app.tamper(&format!("UPDATE records SET surname = 'Tampered' WHERE id = '{}'", record.id)).await.unwrap();
    let problem = app.verify(&Actor::System).await.unwrap().problem.expect("tampering is detected");
    let text = problem.to_string();
    assert!(
        text.starts_with(&format!("table records, row id=\"{}\": column surname is \"Tampered\"", record.id)),
        "{text}"
    );
}

async fn tampering_with_an_event_fails_verify(app: App) {
    let (app, _) = loaded(app).await;
    app.tamper("UPDATE events SET actor = 'someone' WHERE seq = 5").await.unwrap();
    let problem = app.verify(&Actor::System).await.unwrap().problem.expect("tampering is detected");
    assert_eq!(problem.to_string(), "event 5 does not match its hash: it was altered");
}

async fn protected_fields_never_reach_the_log_in_clear(app: App) {
    let (app, scenario) = loaded(app).await;
    for allegation in scenario.allegations.iter().take(20) {
        let name = allegation.complainant.expose().replace('\'', "''");
        let hits = app.tamper(&format!("UPDATE events SET kind = kind WHERE payload LIKE '%{name}%'")).await.unwrap();
        assert_eq!(hits, 0, "a complainant's name is in an event payload");
    }
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());
}

async fn roles_decide_what_can_be_read(app: App) {
    let (app, _) = loaded(app).await;
    for (role, allowed) in [
        (Role::Administrator, true),
        (Role::Investigator, true),
        (Role::Analyst, true),
        (Role::VettingOfficer, true),
        (Role::Reviewer, true),
        (Role::Complainant, false),
        (Role::Public, false),
    ] {
        let actor = Actor::User { id: UserId::from_bits(1), role };
        assert_eq!(app.persons(&actor, None, 10).await.is_ok(), allowed, "{role}");
        assert_eq!(app.verify(&actor).await.is_ok(), role == Role::Administrator, "{role}");
    }
}

macro_rules! for_each_backend {
    ($module:path: $($case:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test] async fn $case() { { use $module as m; m::$case(crate::sqlite().await).await } } )*
        }
        mod postgres {
            $( #[tokio::test] async fn $case() {
                let Some(app) = crate::postgres().await else { return };
                { use $module as m; m::$case(app).await }
            } )*
        }
    };
}
pub(crate) use for_each_backend;

for_each_backend![
    crate:
    demo_loads_and_verifies,
    tampering_with_a_record_fails_verify,
    tampering_with_an_event_fails_verify,
    protected_fields_never_reach_the_log_in_clear,
    roles_decide_what_can_be_read,
];

mod vault {
    crate::for_each_backend![
        crate::evidence:
        uploads_are_stored_once_by_hash_with_a_custody_log,
        the_vault_check_names_missing_and_altered_files,
        an_evidence_bundle_verifies_offline_and_names_what_was_altered,
    ];
}

mod vetting_cases {
    crate::for_each_backend![
        crate::vetting:
        a_request_goes_from_upload_to_decided,
        the_index_is_rebuilt_when_the_registry_changes,
        registry_questions_are_answered_with_sources,
    ];
}

mod publication {
    crate::for_each_backend![
        crate::release:
        a_release_verifies_offline_and_names_any_altered_file,
        only_reviewers_publish,
        checkpoints_catch_a_rewritten_log,
    ];
}

#[tokio::test]
async fn sign_in_opens_a_session_and_rejects_wrong_passwords_alike() {
    let (app, _) = loaded(sqlite().await).await;
    let password = |p: &str| Protected::new(p.to_owned());
    let wrong = app.sign_in("admin", &password("nope"), "127.0.0.1", now()).await.unwrap();
    let unknown = app.sign_in("nobody", &password("demo-password-123"), "127.0.0.1", now()).await.unwrap();
    assert!(matches!(wrong, app::SignIn::Refused) && matches!(unknown, app::SignIn::Refused));
    let app::SignIn::Session(session) =
        app.sign_in("admin", &password("demo-password-123"), "127.0.0.1", now()).await.unwrap()
    else {
        panic!("the right password opens a session")
    };
    let signed_in = app.session(&session.token, now()).await.unwrap().unwrap();
    assert_eq!(signed_in.user.username, "admin");
    assert_eq!(signed_in.csrf_token, session.csrf_token);
    let later = Timestamp::from_millis(session.expires_at.as_millis() + 1);
    assert!(app.session(&session.token, later).await.unwrap().is_none(), "expired sessions are refused");
    app.sign_out(&session.token).await.unwrap();
    assert!(app.session(&session.token, now()).await.unwrap().is_none());
}
