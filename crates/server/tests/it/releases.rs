//! Publication's pages: a reviewer previews and approves a release through the form; anyone, signed
//! in or not, lists releases, reads one and downloads a bundle that verifies offline; the pages in
//! English, Russian and Kazakh.

use app::NewUser;
use axum::http::StatusCode;
use domain::access::Actor;
use domain::entity::{Locale, Role};
use domain::protected::Protected;

use crate::support::*;

#[tokio::test]
async fn a_reviewer_publishes_and_anyone_downloads_a_bundle_that_verifies() {
    let app = demo_app().await;
    let user = NewUser {
        username: "reviewer".to_owned(),
        display_name: "Rita Reviewer".to_owned(),
        role: Role::Reviewer,
        locale: Locale::En,
        password: Protected::new(PASSWORD.to_owned()),
    };
    app.add_user(&Actor::System, now(), user).await.unwrap();
    let mut reviewer = Client::signed_in(&app, "reviewer").await;
    let preview = reviewer.get("/releases/new").await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(preview.body.contains("persons.birth_date"), "the preview names withheld fields");
    assert!(preview.body.contains("testimonies"), "and withheld tables");
    let stricter = reviewer.get("/releases/new?min_count=10").await;
    assert!(stricter.body.contains("value=\"10\""), "the threshold carries into the form");
    let csrf = preview.csrf_field();
    let published =
        reviewer.post("/releases", &[("csrf", &csrf), ("title", "First release"), ("min_count", "5")]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.body);
    let location = published.header("location").to_owned();
    assert!(location.starts_with("/releases/rel_"), "{location}");
    let empty = reviewer.post("/releases", &[("csrf", &csrf), ("title", " ")]).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);

    // Anyone: the list, the release, the bundle.
    let mut visitor = Client::new(&app);
    let list = visitor.get("/releases").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&format!("href=\"{location}\"")), "{}", list.body);
    let (signer, key) = app.signer().unwrap();
    assert!(list.body.contains(&key) && list.body.contains(&signer));
    assert!(!list.body.contains("/releases/new"), "only reviewers see the way to publish");
    let page = visitor.get(&location).await;
    assert_eq!(page.status, StatusCode::OK);
    for expected in [
        "First release",
        "Rita Reviewer",
        "manifest.json",
        "persons.csv",
        "aqiqat verify-release",
        "Small counts suppressed",
    ] {
        assert!(page.body.contains(expected), "{expected} on the release page");
    }
    let bundle = visitor.get(&format!("{location}/bundle")).await;
    assert_eq!(bundle.status, StatusCode::OK);
    assert_eq!(bundle.header("content-type"), "application/x-tar");
    let id = location.trim_start_matches("/releases/");
    assert_eq!(bundle.header("content-disposition"), format!("attachment; filename=\"aqiqat-release-{id}.tar\""));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundle.tar");
    std::fs::write(&path, bundle.body.as_bytes()).unwrap();
    let files = app::read_bundle(&path).unwrap();
    let verified = app::verify_bundle(&files, &app::PublicKey::from_hex(&key).unwrap()).unwrap();
    assert_eq!(verified.title, "First release");
    assert_eq!(visitor.get("/releases/rel_0000000000000000").await.status, StatusCode::NOT_FOUND);
    assert_eq!(visitor.get("/releases/nonsense/bundle").await.status, StatusCode::NOT_FOUND);

    // In three languages, for visitors (through ?lang=) and members alike, without untranslated messages.
    for lang in ["en", "ru", "kk"] {
        for path in ["/releases".to_owned(), location.clone()] {
            let reply = visitor.get(&format!("{path}?lang={lang}")).await;
            assert_eq!(reply.status, StatusCode::OK);
            assert!(reply.body.contains(&format!("<html lang=\"{lang}\">")), "{lang} {path}");
            assert!(reply.body.contains(&format!("action=\"{path}\"")), "{lang} {path}: the switch stays here");
            assert!(!reply.body.contains("<script") && !reply.body.contains("style="), "{lang} {path}");
            for prefix in ["release-", "releases-"] {
                assert!(!reply.body.contains(&format!(">{prefix}")), "{lang} {path}: an untranslated {prefix} message");
            }
        }
        let csrf = reviewer.get("/releases").await.csrf_field();
        reviewer.post("/locale", &[("locale", lang), ("csrf", &csrf), ("back", "/releases")]).await;
        let reply = reviewer.get("/releases/new").await;
        assert!(reply.body.contains(&format!("<html lang=\"{lang}\">")), "{lang}");
        for prefix in ["release-", "releases-"] {
            assert!(
                !reply.body.contains(&format!(">{prefix}")),
                "{lang} /releases/new: an untranslated {prefix} message"
            );
        }
    }
    let login = visitor.get("/login").await;
    assert!(login.body.contains("href=\"/releases\""), "the sign-in page links the public releases");
}
