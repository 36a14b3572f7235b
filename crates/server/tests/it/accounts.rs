//! Accounts through the pages: an administrator without a second factor sent to enrol and nowhere
//! else, enrolment and the two-step sign-in with a code, CSRF on the new forms, and failed sign-ins
//! answered alike (unknown name, wrong password, locked account) until the address must wait (429).

use app::{App, LoginPolicy};
use axum::http::StatusCode;
use server::ServerConfig;

use crate::support::*;

fn requiring(app: &App) -> Client {
    Client::with_config(
        app,
        ServerConfig { secure_cookies: false, require_admin_second_factor: true, trusted_proxy: None },
    )
}

/// The code an authenticator app would show `steps` steps from now for a base32 secret.
fn code(secret: &str, steps: i64) -> String {
    let bytes = crypto::totp::base32_decode(secret).unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    crypto::totp::code_at(&bytes, crypto::totp::step_at(now) + steps).unwrap()
}

/// The text of the element with id `id` (`<code id="...">TEXT</code>`).
fn text_of(body: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = body.find(&marker).unwrap_or_else(|| panic!("no #{id}")) + marker.len();
    body[start..].split('<').next().unwrap().to_owned()
}

fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).unwrap_or_else(|| panic!("no {name} field")) + marker.len();
    body[start..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn an_administrator_enrols_before_anything_else_then_signs_in_with_a_code() {
    let app = app().await;
    let mut admin = requiring(&app);
    let reply = admin.sign_in("admin", PASSWORD).await;
    assert_eq!((reply.status, reply.header("location")), (StatusCode::SEE_OTHER, "/"));
    for path in ["/", "/persons", "/registry", "/sources"] {
        assert_eq!(admin.get(path).await.header("location"), "/account/second-factor", "{path}");
    }
    assert_eq!(admin.get("/api/v1/persons").await.status, StatusCode::FORBIDDEN);

    let page = admin.get("/account/second-factor").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let secret = text_of(&page.body, "totp-secret");
    let uri = text_of(&page.body, "totp-uri");
    assert!(uri.starts_with("otpauth://totp/Aqiqat:admin?secret=") && uri.contains(&secret), "{uri}");
    let (csrf, pending) = (page.csrf_field(), hidden(&page.body, "pending"));
    // CSRF on the enrolment form.
    let forged = admin.post("/account/second-factor", &[("pending", &pending), ("code", &code(&secret, 0))]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let wrong =
        admin.post("/account/second-factor", &[("csrf", &csrf), ("pending", &pending), ("code", "000000")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(text_of(&wrong.body, "totp-secret"), secret, "a wrong code shows the same secret again");
    let done = admin
        .post("/account/second-factor", &[("csrf", &csrf), ("pending", &pending), ("code", &code(&secret, 0))])
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let codes: Vec<String> =
        done.body.split("<li><code>").skip(1).map(|c| c.split('<').next().unwrap().to_owned()).collect();
    assert_eq!(codes.len(), app::N_RECOVERY_CODES, "recovery codes shown once, with the enrolment");
    assert!(done.body.contains("id=\"recovery-continue\" href=\"/\""));
    assert_eq!(admin.get("/").await.status, StatusCode::OK, "enrolled: the site is open");

    // Signing in again: the password, then the code, on a form guarded by the sign-in CSRF cookie.
    let mut again = requiring(&app);
    let reply = again.sign_in("admin", PASSWORD).await;
    assert_eq!(reply.header("location"), "/login/code");
    assert!(again.cookie("aqiqat_session").is_none(), "the half-way state is not a session");
    assert_eq!(again.get("/").await.header("location"), "/login");
    let form = again.get("/login/code").await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = form.csrf_field();
    assert_eq!(again.post("/login/code", &[("code", &code(&secret, 1))]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        again.post("/login/code", &[("csrf", &csrf), ("code", "123456")]).await.status,
        StatusCode::UNAUTHORIZED
    );
    // The enrolment spent the current step: the next one's code signs in, and only once.
    let next = code(&secret, 1);
    let reply = again.post("/login/code", &[("csrf", &csrf), ("code", &next)]).await;
    assert_eq!((reply.status, reply.header("location")), (StatusCode::SEE_OTHER, "/"), "{}", reply.body);
    assert!(again.cookie("aqiqat_session").is_some());
    assert_eq!(again.get("/").await.status, StatusCode::OK);

    let mut replay = requiring(&app);
    replay.sign_in("admin", PASSWORD).await;
    let csrf = replay.get("/login/code").await.csrf_field();
    let reply = replay.post("/login/code", &[("csrf", &csrf), ("code", &next)]).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "a used code is refused within its window");
    // A recovery code instead of the app's: once.
    let reply = replay.post("/login/code", &[("csrf", &csrf), ("code", &codes[0])]).await;
    assert_eq!((reply.status, reply.header("location")), (StatusCode::SEE_OTHER, "/"), "{}", reply.body);
    let mut third = requiring(&app);
    third.sign_in("admin", PASSWORD).await;
    let csrf = third.get("/login/code").await.csrf_field();
    let reply = third.post("/login/code", &[("csrf", &csrf), ("code", &codes[0])]).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "a recovery code works once");
    // The enrolment page counts what is left and makes new codes on request.
    let page = again.get("/account/second-factor").await;
    assert!(page.body.contains("Unused recovery codes: 9"), "{}", page.body);
    let fresh = again.post("/account/recovery-codes", &[("csrf", &page.csrf_field())]).await;
    assert_eq!(fresh.status, StatusCode::OK);
    assert_eq!(fresh.body.matches("<li><code>").count(), app::N_RECOVERY_CODES);
    assert!(again.get("/account/second-factor").await.body.contains("Unused recovery codes: 10"));
    // Without the half-way cookie the code form sends back to the password.
    assert_eq!(requiring(&app).get("/login/code").await.header("location"), "/login");
}

#[tokio::test]
async fn the_second_factor_pages_are_translated_and_have_no_inline_styles() {
    let app = app().await;
    for lang in ["en", "ru", "kk"] {
        let mut admin = requiring(&app);
        admin.get(&format!("/login?lang={lang}")).await;
        admin.sign_in("admin", PASSWORD).await;
        let enrol = admin.get("/account/second-factor").await;
        let mut visitor = requiring(&app);
        // Any 64-hex half-way token shows the code form; only its use checks it.
        visitor.headers.push(("cookie", format!("aqiqat_lang={lang}; aqiqat_challenge={}", "a".repeat(64))));
        let code = visitor.get("/login/code").await;
        visitor.headers.clear();
        for (page, reply) in [("enrolment", &enrol), ("code", &code)] {
            assert_eq!(reply.status, StatusCode::OK, "{lang} {page}");
            assert!(reply.body.contains(&format!("<html lang=\"{lang}\">")), "{lang} {page}");
            assert!(!reply.body.contains("style="), "{lang} {page}: no inline styles under the CSP");
            assert!(!reply.body.contains("<script"), "{lang} {page}: no scripts");
            for prefix in ["totp-", "login-", "recovery-"] {
                assert!(!reply.body.contains(&format!(">{prefix}")), "{lang} {page}: an untranslated {prefix} message");
            }
        }
    }
}

#[tokio::test]
async fn failed_sign_ins_look_alike_and_the_address_waits_with_retry_after() {
    let mut app = app().await;
    app.set_login_policy(LoginPolicy { account_failures: 3, address_failures: 8, ..LoginPolicy::default() });
    let mut client = Client::new(&app);
    // The page echoes the user name typed; apart from it, every failure is the same page.
    let body = |reply: Reply, name: &str| (reply.status, reply.body.replace(&format!("value=\"{name}\""), "NAME"));
    let wrong = body(client.sign_in("admin", "not the password at all").await, "admin");
    let unknown = body(client.sign_in("nobody-here", PASSWORD).await, "nobody-here");
    assert_eq!(wrong.0, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong, unknown);
    client.sign_in("admin", "not the password either").await;
    client.sign_in("admin", "nor this one").await;
    let locked = body(client.sign_in("admin", PASSWORD).await, "admin");
    assert_eq!(locked, wrong, "a locked account answers as a wrong password does, even to the right one");
    for attempt in 0..2 {
        let reply = client.sign_in("someone", "guess").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let reply = client.sign_in("someone", "guess").await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{}", reply.body);
    let wait: i64 = reply.header("retry-after").parse().unwrap();
    assert!((1..=300).contains(&wait), "{wait}");
    // The address is refused before any password is checked, even the right one for another account.
    let reply = client.sign_in("outsider", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(reply.body.contains("class=\"alert\""));
}

#[tokio::test]
async fn an_administrator_lifts_a_lock_and_resets_a_lost_second_factor_on_the_accounts_page() {
    let app = app().await;
    let user = app::NewUser {
        username: "ann".to_owned(),
        display_name: "Ann Investigator".to_owned(),
        role: domain::entity::Role::Investigator,
        locale: domain::entity::Locale::En,
        password: domain::protected::Protected::new(PASSWORD.to_owned()),
    };
    app.add_user(&domain::access::Actor::System, now(), user).await.unwrap();
    // Ann enrols a second factor, then locks herself out.
    let mut ann = Client::signed_in(&app, "ann").await;
    let page = ann.get("/account/second-factor").await;
    let (secret, csrf, pending) =
        (text_of(&page.body, "totp-secret"), page.csrf_field(), hidden(&page.body, "pending"));
    let code_now = code(&secret, 0);
    let done = ann.post("/account/second-factor", &[("csrf", &csrf), ("pending", &pending), ("code", &code_now)]).await;
    assert_eq!(done.status, StatusCode::OK);
    let mut door = Client::new(&app);
    for _ in 0..5 {
        door.sign_in("ann", "not her password").await;
    }
    assert_eq!(door.sign_in("ann", PASSWORD).await.status, StatusCode::UNAUTHORIZED, "locked");

    let mut admin = Client::signed_in(&app, "admin").await;
    assert!(admin.get("/").await.body.contains("href=\"/accounts\""), "linked from the administrator's home page");
    assert!(!ann.get("/").await.body.contains("href=\"/accounts\""), "and from no one else's");
    let list = admin.get("/accounts").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let ann_row = list.body.split("<th scope=\"row\">ann</th>").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(ann_row.contains("locked until") && ann_row.contains("enrolled"), "{ann_row}");
    let id = ann_row.split("/accounts/").nth(1).unwrap().split('/').next().unwrap().to_owned();
    let csrf = list.csrf_field();
    let forged = admin.post(&format!("/accounts/{id}/unlock"), &[]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "CSRF on the forms");
    let unlocked = admin.post(&format!("/accounts/{id}/unlock"), &[("csrf", &csrf)]).await;
    assert_eq!((unlocked.status, unlocked.header("location")), (StatusCode::SEE_OTHER, "/accounts"));
    assert_eq!(door.sign_in("ann", PASSWORD).await.header("location"), "/login/code", "the lock is lifted");
    let again = admin.post(&format!("/accounts/{id}/unlock"), &[("csrf", &csrf)]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "not locked any more");

    let reset = admin.post(&format!("/accounts/{id}/second-factor/reset"), &[("csrf", &csrf)]).await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    assert_eq!(ann.get("/").await.header("location"), "/login", "her sessions ended");
    assert_eq!(Client::new(&app).sign_in("ann", PASSWORD).await.header("location"), "/", "password alone now");
    let list = admin.get("/accounts").await;
    let ann_row = list.body.split("<th scope=\"row\">ann</th>").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(ann_row.contains("none") && ann_row.contains("not locked"), "{ann_row}");

    // The page in every language, without inline styles.
    let admin_id = app.accounts(&domain::access::Actor::System, now()).await.unwrap()[0].user_id.clone();
    let admin_actor = domain::access::Actor::User { id: admin_id, role: domain::entity::Role::Administrator };
    for locale in domain::entity::Locale::ALL {
        app.set_locale(&admin_actor, now(), *locale).await.unwrap();
        let page = admin.get("/accounts").await;
        assert!(page.body.contains(&format!("<html lang=\"{locale}\">")), "{locale}");
        assert!(!page.body.contains(">accounts-") && !page.body.contains(">role-"), "{locale}: untranslated");
        assert!(!page.body.contains("style="), "{locale}");
    }
}

/// Behind the trusted proxy, its `X-Forwarded-Proto: https` makes cookies `Secure` and its
/// `X-Forwarded-For` names the client; from any other peer both headers are ignored.
#[tokio::test]
async fn forwarded_headers_count_only_from_the_trusted_proxy() {
    let mut app = app().await;
    app.set_login_policy(LoginPolicy { account_failures: 100, address_failures: 2, ..LoginPolicy::default() });
    let proxy: std::net::SocketAddr = "10.0.0.1:40000".parse().unwrap();
    let stranger: std::net::SocketAddr = "203.0.113.9:40000".parse().unwrap();
    let config =
        ServerConfig { secure_cookies: false, require_admin_second_factor: false, trusted_proxy: Some(proxy.ip()) };
    let mut client = Client::with_config(&app, config.clone());
    let request = |peer: std::net::SocketAddr, client_ip: &str| {
        let mut request = axum::http::Request::get("/login")
            .header("x-forwarded-proto", "https")
            .header("x-forwarded-for", client_ip)
            .body(axum::body::Body::empty())
            .unwrap();
        request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        request
    };
    let from_proxy = client.send(request(proxy, "198.51.100.1")).await;
    assert!(from_proxy.set_cookies().iter().all(|c| c.contains("; Secure")), "{:?}", from_proxy.set_cookies());
    let from_stranger = Client::with_config(&app, config.clone()).send(request(stranger, "198.51.100.1")).await;
    assert!(!from_stranger.set_cookies().is_empty());
    assert!(from_stranger.set_cookies().iter().all(|c| !c.contains("Secure")), "{:?}", from_stranger.set_cookies());

    // Failed sign-ins through the proxy count against each forwarded client, not the proxy.
    let csrf = client.get("/login").await.csrf_field();
    let sign_in = |client_ip: &str| {
        let body = format!("csrf={csrf}&username=admin&password=wrong");
        let mut request = axum::http::Request::post("/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-for", client_ip)
            .body(axum::body::Body::from(body))
            .unwrap();
        request.extensions_mut().insert(axum::extract::ConnectInfo(proxy));
        request
    };
    assert_eq!(client.send(sign_in("198.51.100.1")).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(client.send(sign_in("198.51.100.1")).await.status, StatusCode::TOO_MANY_REQUESTS, "the second locks it");
    assert_eq!(client.send(sign_in("198.51.100.2")).await.status, StatusCode::UNAUTHORIZED, "another client");
}
