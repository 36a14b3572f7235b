//! Accounts: enrolling a TOTP second factor and signing in with it, codes never accepted twice,
//! failed sign-ins locking the account (audit events) and then the client address, and the same
//! answer for an unknown name, a wrong password and a locked account. On SQLite and PostgreSQL.

use app::{App, LoginPolicy, NewUser, SignIn};
use domain::access::Actor;
use domain::date::Timestamp;
use domain::entity::{Locale, Role};
use domain::protected::Protected;

use crate::now;

const PASSWORD: &str = "a long enough password";
const CLIENT: &str = "192.0.2.1";

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_millis(now().as_millis() + seconds * 1000)
}

async fn add(app: &App, username: &str, role: Role) {
    let user = NewUser {
        username: username.to_owned(),
        display_name: username.to_owned(),
        role,
        locale: Locale::En,
        password: Protected::new(PASSWORD.to_owned()),
    };
    app.add_user(&Actor::System, now(), user).await.unwrap();
}

async fn sign_in(app: &App, username: &str, password: &str, when: Timestamp) -> SignIn {
    app.sign_in(username, &Protected::new(password.to_owned()), CLIENT, when).await.unwrap()
}

/// How many events of a kind the log holds.
async fn events(app: &App, kind: &str) -> u64 {
    app.tamper(&format!("UPDATE events SET kind = kind WHERE kind = '{kind}'")).await.unwrap()
}

fn code(secret: &str, when: Timestamp) -> String {
    let bytes = crypto::totp::base32_decode(secret).unwrap();
    crypto::totp::code_at(&bytes, crypto::totp::step_at(when.as_millis())).unwrap()
}

pub(crate) async fn second_factor_enrolment_and_sign_in(app: App) {
    add(&app, "ann", Role::Administrator).await;
    let SignIn::Session(session) = sign_in(&app, "ann", PASSWORD, now()).await else { panic!("no second factor yet") };
    let signed_in = app.session(&session.token, now()).await.unwrap().unwrap();
    assert!(signed_in.must_enrol_second_factor(), "an administrator without TOTP must enrol");

    let enrolment = app.begin_totp_enrolment(&signed_in).unwrap();
    let secret = enrolment.secret.expose().clone();
    assert!(enrolment.uri.expose().starts_with("otpauth://totp/Aqiqat:ann?secret="));
    let wrong = app.confirm_totp_enrolment(&signed_in, &session.token, &enrolment.pending, "000000", now()).await;
    let wrong_again = code(&secret, at(-120));
    let stale = app.confirm_totp_enrolment(&signed_in, &session.token, &enrolment.pending, &wrong_again, now()).await;
    assert!(matches!(wrong, Err(app::Error::BadInput { .. })) && stale.is_err(), "only a current code confirms");
    // A pending secret is bound to its user.
    add(&app, "bob", Role::Investigator).await;
    let SignIn::Session(bob) = sign_in(&app, "bob", PASSWORD, now()).await else { panic!() };
    let bob = app.session(&bob.token, now()).await.unwrap().unwrap();
    let stolen = app.confirm_totp_enrolment(&bob, "x", &enrolment.pending, &code(&secret, now()), now()).await;
    assert!(stolen.is_err());

    // A second session, opened with the password alone, ends when the factor is enrolled.
    let SignIn::Session(other) = sign_in(&app, "ann", PASSWORD, now()).await else { panic!() };
    app.confirm_totp_enrolment(&signed_in, &session.token, &enrolment.pending, &code(&secret, now()), now())
        .await
        .unwrap();
    assert!(app.session(&other.token, now()).await.unwrap().is_none(), "sessions without the factor end");
    let signed_in = app.session(&session.token, now()).await.unwrap().unwrap();
    assert!(signed_in.second_factor && !signed_in.must_enrol_second_factor());
    assert_eq!(events(&app, "user-totp-enrolled").await, 1);
    let in_clear = app.tamper(&format!("UPDATE events SET kind = kind WHERE payload LIKE '%{secret}%'")).await.unwrap();
    assert_eq!(in_clear, 0, "the secret is never in an event payload in clear");
    assert!(app.begin_totp_enrolment(&signed_in).is_err(), "no second enrolment over the first");

    // Password, then code. The code of the enrolment's step is spent already.
    let SignIn::SecondFactor { token, .. } = sign_in(&app, "ann", PASSWORD, now()).await else {
        panic!("an enrolled user is asked for a code")
    };
    assert!(app.session(&token, now()).await.unwrap().is_none(), "the half-way state is not a session");
    let replayed = app.sign_in_second_factor(&token, &code(&secret, now()), CLIENT, now()).await.unwrap();
    assert!(matches!(replayed, SignIn::Refused), "a spent code is refused: {replayed:?}");
    let next = at(30);
    let SignIn::Session(_) = app.sign_in_second_factor(&token, &code(&secret, next), CLIENT, next).await.unwrap()
    else {
        panic!("the next step's code signs in")
    };
    let gone = app.sign_in_second_factor(&token, &code(&secret, at(60)), CLIENT, at(60)).await.unwrap();
    assert!(matches!(gone, SignIn::ChallengeGone), "a half-way state is used once");
    // The same code again, on a fresh challenge within its window: refused.
    let SignIn::SecondFactor { token, .. } = sign_in(&app, "ann", PASSWORD, at(40)).await else { panic!() };
    let replay = app.sign_in_second_factor(&token, &code(&secret, next), CLIENT, at(40)).await.unwrap();
    assert!(matches!(replay, SignIn::Refused));
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());
}

pub(crate) async fn failed_sign_ins_lock_the_account_then_the_address(mut app: App) {
    app.set_login_policy(LoginPolicy { account_failures: 3, address_failures: 9, ..LoginPolicy::default() });
    add(&app, "ann", Role::Analyst).await;
    for _ in 0..3 {
        assert!(matches!(sign_in(&app, "ann", "wrong password", now()).await, SignIn::Refused));
    }
    assert_eq!(events(&app, "account-locked").await, 1, "a lock is an audit event");
    // Locked: the right password gets the same answer as a wrong one or an unknown name.
    assert!(matches!(sign_in(&app, "ann", PASSWORD, at(60)).await, SignIn::Refused));
    assert!(matches!(sign_in(&app, "nobody", PASSWORD, at(60)).await, SignIn::Refused));
    assert!(matches!(sign_in(&app, "Ann", PASSWORD, at(60)).await, SignIn::Refused), "names are counted case-folded");
    // Unknown names lock alike, without an event (there is no account to lock).
    sign_in(&app, "nobody", PASSWORD, at(61)).await;
    sign_in(&app, "nobody", PASSWORD, at(62)).await;
    assert_eq!(events(&app, "account-locked").await, 1);
    // The ninth failure from this address makes it wait, with the time to wait.
    let SignIn::TooManyAttempts { retry_after_seconds } = sign_in(&app, "carol", PASSWORD, at(63)).await else {
        panic!("the address is throttled")
    };
    assert_eq!(retry_after_seconds, 300);
    let other = app.sign_in("ann", &Protected::new(PASSWORD.to_owned()), "198.51.100.7", at(64)).await.unwrap();
    assert!(matches!(other, SignIn::Refused), "the account is still locked from any address");
    // After the lock: the right password signs in, the lift is an audit event, the count restarts.
    let after = at(5 * 60 + 1);
    let outcome = app.sign_in("ann", &Protected::new(PASSWORD.to_owned()), "198.51.100.7", after).await.unwrap();
    assert!(matches!(outcome, SignIn::Session(_)), "{outcome:?}");
    assert_eq!(events(&app, "account-unlocked").await, 1);
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());
}

pub(crate) async fn simultaneous_failures_all_count(mut app: App) {
    app.set_login_policy(LoginPolicy { account_failures: 6, address_failures: 100, ..LoginPolicy::default() });
    add(&app, "ann", Role::Analyst).await;
    let mut burst = tokio::task::JoinSet::new();
    for i in 0..6 {
        let app = app.clone();
        burst.spawn(async move { sign_in(&app, "ann", &format!("guess number {i}"), now()).await });
    }
    while let Some(outcome) = burst.join_next().await {
        assert!(matches!(outcome.unwrap(), SignIn::Refused));
    }
    assert_eq!(events(&app, "account-locked").await, 1, "six guesses at once lock as six in a row do");
    assert!(matches!(sign_in(&app, "ann", PASSWORD, now()).await, SignIn::Refused));
}

/// Enrols `username` (an administrator, signed in with the password alone) and returns the secret.
async fn enrolled(app: &App, username: &str) -> String {
    let SignIn::Session(session) = sign_in(app, username, PASSWORD, now()).await else { panic!("no factor yet") };
    let signed_in = app.session(&session.token, now()).await.unwrap().unwrap();
    let enrolment = app.begin_totp_enrolment(&signed_in).unwrap();
    let secret = enrolment.secret.expose().clone();
    let code = code(&secret, now());
    app.confirm_totp_enrolment(&signed_in, &session.token, &enrolment.pending, &code, now()).await.unwrap();
    secret
}

pub(crate) async fn an_administrator_unlocks_an_account_and_resets_a_second_factor(mut app: App) {
    app.set_login_policy(LoginPolicy { account_failures: 3, address_failures: 100, ..LoginPolicy::default() });
    add(&app, "root", Role::Administrator).await;
    add(&app, "ann", Role::Administrator).await;
    let root = app.accounts(&Actor::System, now()).await.unwrap()[1].user_id.clone();
    let root = Actor::User { id: root, role: Role::Administrator };
    let analyst = Actor::User { id: domain::id::UserId::from_bits(9), role: Role::Analyst };
    let ann_id = |accounts: &[app::AccountStatus]| accounts[0].user_id.to_string();
    let ann = ann_id(&app.accounts(&root, now()).await.unwrap());

    // Unlocking: refused to other roles and for an account that is not locked.
    assert!(matches!(app.unlock_account(&root, now(), &ann).await, Err(app::Error::Conflict(_))));
    for _ in 0..3 {
        sign_in(&app, "ann", "wrong password", now()).await;
    }
    let accounts = app.accounts(&root, at(1)).await.unwrap();
    assert_eq!(accounts[0].locked_until, Some(at(5 * 60)), "{accounts:?}");
    assert!(matches!(app.unlock_account(&analyst, at(1), &ann).await, Err(app::Error::Denied(_))));
    assert!(matches!(app.accounts(&analyst, at(1)).await, Err(app::Error::Denied(_))));
    app.unlock_account(&root, at(2), &ann).await.unwrap();
    assert_eq!(app.accounts(&root, at(2)).await.unwrap()[0].locked_until, None);
    assert_eq!(events(&app, "account-unlocked").await, 1);
    let by = format!("UPDATE events SET kind = kind WHERE kind = 'account-unlocked' AND actor = '{}'", root.label());
    assert_eq!(app.tamper(&by).await.unwrap(), 1, "the event names the administrator");
    assert!(
        matches!(sign_in(&app, "ann", PASSWORD, at(3)).await, SignIn::Session(_)),
        "unlocked before the lock ran out"
    );

    // Resetting: ann enrols, loses her device; another administrator removes the factor.
    let secret = enrolled(&app, "ann").await;
    assert!(app.accounts(&root, at(4)).await.unwrap()[0].second_factor);
    let SignIn::SecondFactor { token, .. } = sign_in(&app, "ann", PASSWORD, at(30)).await else { panic!() };
    let SignIn::Session(session) =
        app.sign_in_second_factor(&token, &code(&secret, at(30)), CLIENT, at(30)).await.unwrap()
    else {
        panic!("signed in with the code")
    };
    let ann_actor = Actor::User { id: domain::id::UserId::parse(&ann).unwrap(), role: Role::Administrator };
    assert!(
        matches!(app.reset_second_factor(&ann_actor, at(31), &ann).await, Err(app::Error::Conflict(_))),
        "not one's own"
    );
    assert!(matches!(app.reset_second_factor(&analyst, at(31), &ann).await, Err(app::Error::Denied(_))));
    app.reset_second_factor(&root, at(31), &ann).await.unwrap();
    assert!(app.session(&session.token, at(32)).await.unwrap().is_none(), "her sessions end");
    assert!(!app.accounts(&root, at(32)).await.unwrap()[0].second_factor);
    assert_eq!(events(&app, "user-totp-reset").await, 1);
    assert!(matches!(app.reset_second_factor(&root, at(33), &ann).await, Err(app::Error::Conflict(_))));
    let SignIn::Session(again) = sign_in(&app, "ann", PASSWORD, at(34)).await else {
        panic!("password alone, then enrol")
    };
    assert!(app.session(&again.token, at(34)).await.unwrap().unwrap().must_enrol_second_factor());
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());
}

pub(crate) async fn recovery_codes_stand_in_for_the_second_factor_once_each(app: App) {
    add(&app, "ann", Role::Investigator).await;
    let SignIn::Session(session) = sign_in(&app, "ann", PASSWORD, now()).await else { panic!() };
    let signed_in = app.session(&session.token, now()).await.unwrap().unwrap();
    let enrolment = app.begin_totp_enrolment(&signed_in).unwrap();
    let code_now = code(enrolment.secret.expose(), now());
    let codes =
        app.confirm_totp_enrolment(&signed_in, &session.token, &enrolment.pending, &code_now, now()).await.unwrap();
    assert_eq!(codes.len(), app::N_RECOVERY_CODES);
    let first = codes[0].expose().clone();
    assert_eq!(first.len(), 24, "five groups of four: {first}");
    let in_clear = format!("UPDATE events SET kind = kind WHERE payload LIKE '%{}%'", &first[..9]);
    assert_eq!(app.tamper(&in_clear).await.unwrap(), 0, "only digests are stored");
    assert_eq!(events(&app, "recovery-codes-generated").await, 1, "made with the enrolment, in its transaction");

    let token = second_step(&app, at(1)).await;
    // Typed in capitals and without hyphens, it still matches; then it is spent.
    let typed = first.replace('-', " ").to_uppercase();
    assert!(matches!(app.sign_in_second_factor(&token, &typed, CLIENT, at(1)).await.unwrap(), SignIn::Session(_)));
    assert_eq!(events(&app, "recovery-code-used").await, 1);
    let token = second_step(&app, at(2)).await;
    assert!(matches!(app.sign_in_second_factor(&token, &first, CLIENT, at(2)).await.unwrap(), SignIn::Refused));
    assert!(matches!(
        app.sign_in_second_factor(&token, "aaaa-bbbb-cccc-dddd-eeee", CLIENT, at(2)).await.unwrap(),
        SignIn::Refused
    ));

    // New codes replace the old ones.
    let SignIn::Session(session) = app.sign_in_second_factor(&token, codes[1].expose(), CLIENT, at(3)).await.unwrap()
    else {
        panic!("the second code works")
    };
    let signed_in = app.session(&session.token, at(3)).await.unwrap().unwrap();
    assert_eq!(app.recovery_codes_left(&signed_in).await.unwrap(), 8);
    let fresh = app.regenerate_recovery_codes(&signed_in, at(4)).await.unwrap();
    assert_eq!(app.recovery_codes_left(&signed_in).await.unwrap(), 10);
    let token = second_step(&app, at(5)).await;
    assert!(matches!(
        app.sign_in_second_factor(&token, codes[2].expose(), CLIENT, at(5)).await.unwrap(),
        SignIn::Refused
    ));
    assert!(matches!(
        app.sign_in_second_factor(&token, fresh[0].expose(), CLIENT, at(5)).await.unwrap(),
        SignIn::Session(_)
    ));
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());
}

/// Signs ann in with the password and returns the half-way token.
async fn second_step(app: &App, when: Timestamp) -> String {
    let SignIn::SecondFactor { token, .. } = sign_in(app, "ann", PASSWORD, when).await else { panic!() };
    token
}

/// How many rows a table holds.
async fn rows(app: &App, table: &str) -> u64 {
    app.tamper(&format!("UPDATE {table} SET expires_at = expires_at")).await.unwrap()
}

pub(crate) async fn sign_in_sweeps_expired_sessions_challenges_and_idle_throttle_rows(app: App) {
    add(&app, "ann", Role::Analyst).await;
    assert!(matches!(sign_in(&app, "ann", PASSWORD, now()).await, SignIn::Session(_)));
    assert!(matches!(sign_in(&app, "nobody", PASSWORD, now()).await, SignIn::Refused));
    let expired = now().as_millis() + 60_000;
    app.tamper(&format!(
        "INSERT INTO sign_in_challenges (token_digest, user_id, expires_at) VALUES ('d', 'u', {expired})"
    ))
    .await
    .unwrap();
    let throttle_rows = || app.tamper("UPDATE login_throttle SET failures = failures");
    assert_eq!((rows(&app, "sessions").await, rows(&app, "sign_in_challenges").await), (1, 1));
    assert!(throttle_rows().await.unwrap() > 0);
    // An hour later nothing has expired but the challenge; the throttle rows are kept for the back-off.
    assert!(matches!(sign_in(&app, "nobody", PASSWORD, at(3600)).await, SignIn::Refused));
    assert_eq!((rows(&app, "sessions").await, rows(&app, "sign_in_challenges").await), (1, 0));
    assert!(throttle_rows().await.unwrap() > 0);
    // Two days later the next sign-in leaves only what it wrote itself.
    let later = at(2 * 24 * 3600);
    let outcome = app.sign_in("ann", &Protected::new(PASSWORD.to_owned()), "198.51.100.7", later).await.unwrap();
    assert!(matches!(outcome, SignIn::Session(_)));
    assert_eq!(rows(&app, "sessions").await, 1, "the old session is gone, the new one kept");
    assert_eq!(throttle_rows().await.unwrap(), 0);
}

crate::for_each_backend![
    crate::accounts:
    recovery_codes_stand_in_for_the_second_factor_once_each,
    an_administrator_unlocks_an_account_and_resets_a_second_factor,
    sign_in_sweeps_expired_sessions_challenges_and_idle_throttle_rows,
    second_factor_enrolment_and_sign_in,
    failed_sign_ins_lock_the_account_then_the_address,
    simultaneous_failures_all_count,
];
