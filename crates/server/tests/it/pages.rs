//! The HTML pages: sign-in, CSRF, redirects, languages, every page of the registry, and headers.

use axum::http::StatusCode;
use server::ServerConfig;

use crate::support::*;

#[tokio::test]
async fn sign_in_sets_a_strict_http_only_session_cookie() {
    let app = app().await;
    let mut client = Client::with_config(
        &app,
        ServerConfig { secure_cookies: true, require_admin_second_factor: false, trusted_proxy: None },
    );
    let form = client.get("/login").await;
    assert_eq!(form.status, StatusCode::OK);
    let login_cookie = form.set_cookies().into_iter().find(|c| c.starts_with("aqiqat_login_csrf=")).unwrap();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Secure"] {
        assert!(login_cookie.contains(attribute), "{login_cookie}");
    }
    let csrf = form.csrf_field();
    assert_eq!(Some(csrf.as_str()), client.cookie("aqiqat_login_csrf"));

    let reply = client.post("/login", &[("username", "admin"), ("password", PASSWORD), ("csrf", &csrf)]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/");
    let session = reply.set_cookies().into_iter().find(|c| c.starts_with("aqiqat_session=")).unwrap().to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Secure"] {
        assert!(session.contains(attribute), "{session}");
    }
    let home = client.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Signed in as admin user"), "{}", home.body);
}

#[tokio::test]
async fn cookies_are_not_secure_on_plain_http() {
    let app = app().await;
    let mut client = Client::new(&app);
    let reply = client.sign_in("admin", PASSWORD).await;
    let session = reply.set_cookies().into_iter().find(|c| c.starts_with("aqiqat_session=")).unwrap().to_owned();
    assert!(!session.contains("Secure"), "{session}");
}

#[tokio::test]
async fn failed_sign_in_says_the_same_whether_or_not_the_account_exists() {
    let app = app().await;
    let mut client = Client::new(&app);
    let wrong_password = client.sign_in("admin", "not the password at all").await;
    let unknown_user = client.sign_in("nobody-here", PASSWORD).await;
    for reply in [&wrong_password, &unknown_user] {
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert!(reply.body.contains("Wrong user name or password, or too many failed attempts"), "{}", reply.body);
        assert!(reply.body.contains("role=\"alert\""));
        assert!(client.cookie("aqiqat_session").is_none());
    }
    let strip = |body: &str| body.replace("nobody-here", "admin");
    assert_eq!(strip(&wrong_password.body), strip(&unknown_user.body));
}

#[tokio::test]
async fn posts_without_a_valid_csrf_token_are_refused() {
    let app = app().await;
    let mut anonymous = Client::new(&app);
    anonymous.get("/login").await;
    let reply = anonymous.post("/login", &[("username", "admin"), ("password", PASSWORD)]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = anonymous.post("/login", &[("username", "admin"), ("password", PASSWORD), ("csrf", "0000")]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    let mut member = Client::signed_in(&app, "admin").await;
    let reply = member.post("/logout", &[]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.body.contains("Form rejected"), "{}", reply.body);
    let reply = member.post("/locale", &[("locale", "ru"), ("csrf", "wrong"), ("back", "/")]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // Still signed in, still English.
    let home = member.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn cross_origin_posts_are_refused_even_with_a_token() {
    let app = app().await;
    let mut member = Client::signed_in(&app, "admin").await;
    let csrf = member.get("/").await.csrf_field();
    member.headers.push(("origin", "https://evil.example".to_owned()));
    let reply = member.post("/logout", &[("csrf", &csrf)]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    member.headers = vec![("origin", "http://localhost:8080".to_owned())];
    let reply = member.post("/logout", &[("csrf", &csrf)]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let app = app().await;
    let mut member = Client::signed_in(&app, "admin").await;
    let token = member.cookie("aqiqat_session").unwrap().to_owned();
    let csrf = member.get("/").await.csrf_field();
    let reply = member.post("/logout", &[("csrf", &csrf)]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/login");
    assert!(member.cookie("aqiqat_session").is_none());
    assert!(app.session(&token, now()).await.unwrap().is_none());
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in() {
    let app = app().await;
    let mut anonymous = Client::new(&app);
    for path in ["/", "/persons", "/persons/per_0000000000000001", "/incidents", "/units", "/sources"] {
        let reply = anonymous.get(path).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(reply.header("location"), "/login", "{path}");
    }
    let login = anonymous.get("/login").await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(login.body.contains("<label for=\"username\">"));
    assert!(!login.body.contains("<nav"), "no navigation before sign-in");
}

#[tokio::test]
async fn every_page_renders_for_an_administrator() {
    let app = app().await;
    let mut member = Client::signed_in(&app, "admin").await;
    let pages = [
        ("/", "Overview"),
        ("/persons", "Aigerim Nurlanova"),
        (&format!("/persons/{}", person_id()), "Shooting on Republic Square"),
        ("/incidents", "Shooting on Republic Square"),
        (&format!("/incidents/{}", incident_id()), "killing"),
        ("/units", "Police Department of Almaty"),
        (&format!("/units/{}", unit_id()), "department"),
        ("/sources", "Official list of the dead"),
        (&format!("/sources/{}", source_id()), "Нурланова Айгерим"),
    ];
    for (path, expected) in pages {
        let reply = member.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        assert!(reply.body.contains(expected), "{path} lacks {expected}: {}", reply.body);
        assert!(reply.body.contains("<a class=\"skip\" href=\"#main\">"), "{path}");
        assert!(reply.body.contains("<main id=\"main\""), "{path}");
        assert!(reply.body.contains("<nav aria-label=\"Main navigation\">"), "{path}");
        assert!(!reply.body.contains("<script"), "{path}");
        assert!(!reply.body.contains("style="), "{path}: no inline styles under the CSP");
        assert_eq!(reply.header("cache-control"), "no-store", "{path}");
    }
}

#[tokio::test]
async fn unknown_and_malformed_ids_and_paths() {
    let app = app().await;
    let mut member = Client::signed_in(&app, "admin").await;
    let reply = member.get("/persons/per_zzzzzzzzzzzzzzzz").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("<h1>Not found</h1>"), "{}", reply.body);
    assert_eq!(member.get("/units/not-an-id").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(member.get("/persons?after=garbage").await.status, StatusCode::BAD_REQUEST);
    let reply = member.get("/no/such/page").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("<h1>Not found</h1>"));
}

#[tokio::test]
async fn lists_page_with_a_next_link() {
    let app = app().await;
    let persons: Vec<_> = (100..160u128)
        .map(|bits| domain::entity::Person {
            id: domain::id::PersonId::from_bits(bits),
            names: vec![domain::entity::PersonName {
                text: format!("Person {bits}"),
                script: domain::entity::Script::Latin,
                scheme: None,
            }],
            gender: None,
            birth_date: None,
            death_date: None,
            notes: String::new(),
        })
        .collect();
    app.add_persons(&domain::access::Actor::System, now(), persons).await.unwrap();
    let mut member = Client::signed_in(&app, "admin").await;
    let first = member.get("/persons").await;
    let marker = "href=\"/persons?after=";
    let start = first.body.find(marker).expect("a next link") + "href=\"".len();
    let next = first.body[start..].split('"').next().unwrap().to_owned();
    let second = member.get(&next).await;
    assert_eq!(second.status, StatusCode::OK);
    assert!(second.body.contains("First page"));
    assert!(!second.body.contains(marker), "61 persons fit on two pages");
    let rows = |body: &str| body.matches("<th scope=\"row\">").count();
    assert_eq!(rows(&first.body) + rows(&second.body), 61);
}

#[tokio::test]
async fn switching_language_changes_the_page_and_stays_on_it() {
    let app = app().await;
    let mut member = Client::signed_in(&app, "admin").await;
    let csrf = member.get("/persons").await.csrf_field();
    let reply = member.post("/locale", &[("locale", "ru"), ("csrf", &csrf), ("back", "/persons")]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/persons");
    let home = member.get("/").await;
    assert!(home.body.contains("<html lang=\"ru\">"));
    assert!(home.body.contains("<h1>Обзор</h1>"), "{}", home.body);
    assert!(home.body.contains("Вы вошли как admin user"));

    let reply = member.post("/locale", &[("locale", "kk"), ("csrf", &csrf), ("back", "//evil.example/")]).await;
    assert_eq!(reply.header("location"), "/", "no open redirect");
    let persons = member.get("/persons").await;
    assert!(persons.body.contains("<h1>Тұлғалар</h1>"), "{}", persons.body);
}

#[tokio::test]
async fn anonymous_language_comes_from_query_cookie_or_accept_language() {
    let app = app().await;
    let mut kazakh = Client::new(&app);
    kazakh.headers.push(("accept-language", "kk-KZ,ru;q=0.8,en;q=0.5".to_owned()));
    let login = kazakh.get("/login").await;
    assert!(login.body.contains("<html lang=\"kk\">"));
    assert!(login.body.contains("<h1>Кіру</h1>"), "{}", login.body);

    let mut visitor = Client::new(&app);
    let login = visitor.get("/login?lang=ru").await;
    assert!(login.body.contains("<h1>Вход</h1>"));
    assert_eq!(visitor.cookie("aqiqat_lang"), Some("ru"));
    let login = visitor.get("/login").await;
    assert!(login.body.contains("<html lang=\"ru\">"), "the cookie remembers the choice");
    let failed = visitor.sign_in("admin", "not the password at all").await;
    assert!(failed.body.contains("Неверное имя пользователя или пароль"));
}

#[tokio::test]
async fn a_member_sees_pages_in_their_own_language() {
    let app = app().await;
    let mut member = Client::signed_in(&app, "admin").await;
    member.headers.push(("accept-language", "kk".to_owned()));
    let home = member.get("/").await;
    assert!(home.body.contains("<html lang=\"en\">"), "the account's language wins over the browser's");
}

#[tokio::test]
async fn security_headers_are_on_every_response() {
    let app = app().await;
    let mut member = Client::signed_in(&app, "admin").await;
    for path in ["/login", "/", "/persons", "/nowhere", "/api/v1/persons", "/api/v1/openapi.json", "/static/style.css"]
    {
        let reply = member.get(path).await;
        assert_eq!(
            reply.header("content-security-policy"),
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            "{path}"
        );
        assert_eq!(reply.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(reply.header("referrer-policy"), "same-origin", "{path}");
        assert_eq!(reply.header("x-frame-options"), "DENY", "{path}");
    }
    let css = member.get("/static/style.css").await;
    assert!(css.header("content-type").starts_with("text/css"));
    assert!(css.body.contains("@media print"));
    assert!(css.body.contains(":focus-visible"));
}

#[tokio::test]
async fn the_public_role_may_not_read_the_registry() {
    let app = app().await;
    let mut outsider = Client::signed_in(&app, "outsider").await;
    let reply = outsider.get("/persons").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.body.contains("Access denied"));
    assert_eq!(outsider.get(&format!("/persons/{}", person_id())).await.status, StatusCode::FORBIDDEN);
    assert_eq!(outsider.get("/").await.status, StatusCode::FORBIDDEN);
    let reply = outsider.get("/api/v1/persons").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.json()["code"], "denied");
}

#[tokio::test]
async fn a_language_chosen_at_sign_in_becomes_the_members_own() {
    let app = app().await;
    let mut visitor = Client::new(&app);
    visitor.get("/login?lang=kk").await;
    let reply = visitor.sign_in("admin", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let home = visitor.get("/").await;
    assert!(home.body.contains("<html lang=\"kk\">"), "{}", home.body);
    // A later session without the cookie keeps the choice: it was stored with the account.
    let mut elsewhere = Client::signed_in(&app, "admin").await;
    assert!(elsewhere.get("/").await.body.contains("<html lang=\"kk\">"));
}
