//! Complaints through the router: intake by an investigator, the complainant's status by code and
//! passphrase (API and page), a step seen by the complainant, internal steps not seen, pressure
//! reported from the status page and seen by investigators, a rotated passphrase, one refusal for
//! a wrong code and a wrong passphrase, and 429 with Retry-After.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::*;

/// The text of the element with `id` in a page: `<code id="…">TEXT</code>`.
fn element(body: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = body.find(&marker).unwrap_or_else(|| panic!("no #{id} in {body}")) + marker.len();
    body[start..].split('<').next().unwrap().to_owned()
}

struct Issued {
    allegation: String,
    code: String,
    passphrase: String,
}

/// Takes a complaint in through the form, as the investigator; returns what the sheet shows.
async fn intake(investigator: &mut Client, language: &str) -> Issued {
    let form = investigator.get("/allegations/new").await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = form.csrf_field();
    let reply = investigator
        .post(
            "/allegations",
            &[
                ("csrf", &csrf),
                ("complainant", "Aigerim Test (mother of the victim)"),
                ("language", language),
                ("kind", "torture"),
                ("act", "beating"),
                ("act", "burns"),
                ("place_of_detention", "Temporary holding facility, Almaty"),
                ("registration_number", "KUI 12345"),
                ("handling_body", "Prosecutor's Office of Almaty"),
                ("registered_on", "2022-02-01"),
                ("note", "Complaint registered by the prosecutor's office."),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let before = &reply.body[..reply.body.find("/follow-up").expect("a link to the follow-up")];
    let allegation = before.rsplit('/').next().unwrap().to_owned();
    Issued { allegation, code: element(&reply.body, "case-code"), passphrase: element(&reply.body, "passphrase") }
}

async fn status(client: &mut Client, code: &str, passphrase: &str) -> Reply {
    client.post_json("/api/v1/status", &json!({ "code": code, "passphrase": passphrase })).await
}

fn statuses(reply: &Reply) -> Vec<String> {
    reply.json()["steps"].as_array().unwrap().iter().map(|s| s["status"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn intake_then_a_status_change_seen_by_the_complainant_through_the_api() {
    let app = demo_app().await;
    let mut investigator = Client::signed_in(&app, "investigator").await;
    let issued = intake(&mut investigator, "ru").await;
    assert_eq!(issued.code.len(), 9, "{}", issued.code);
    assert_eq!(issued.passphrase.len(), 24, "{}", issued.passphrase);

    // The complainant, with no account: the registration only.
    let mut complainant = Client::new(&app);
    let first = status(&mut complainant, &issued.code, &issued.passphrase).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(statuses(&first), ["registered"]);
    assert_eq!(first.json()["kind"], "torture");
    // The code in lower case and without its hyphen is the same code.
    let relaxed = status(&mut complainant, &issued.code.to_lowercase().replace('-', ""), &issued.passphrase).await;
    assert_eq!(relaxed.status, StatusCode::OK);

    // The investigator adds an internal step and a shared one.
    let page = investigator.get(&format!("/allegations/{}/follow-up", issued.allegation)).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = page.csrf_field();
    let steps = format!("/allegations/{}/steps", issued.allegation);
    let internal = investigator
        .post(
            &steps,
            &[
                ("csrf", &csrf),
                ("status", "examination"),
                ("on", "2022-02-05"),
                ("note", "Forensic examination ordered"),
            ],
        )
        .await;
    assert_eq!(internal.status, StatusCode::SEE_OTHER, "{}", internal.body);
    let shared = investigator
        .post(
            &steps,
            &[
                ("csrf", &csrf),
                ("status", "investigation-opened"),
                ("on", "2022-02-20"),
                ("shareable", "on"),
                ("deadline", "2022-04-20"),
                ("note", "Pre-trial investigation opened"),
            ],
        )
        .await;
    assert_eq!(shared.status, StatusCode::SEE_OTHER, "{}", shared.body);

    let second = status(&mut complainant, &issued.code, &issued.passphrase).await;
    assert_eq!(statuses(&second), ["registered", "investigation-opened"]);
    assert_eq!(second.json()["steps"][1]["note"], "Pre-trial investigation opened");
    assert!(!second.body.contains("Forensic examination ordered"), "an internal step leaked: {}", second.body);

    // "I am being pressured": an urgent internal event the investigators see.
    let pressured = complainant
        .post_json(
            "/api/v1/status/pressure",
            &json!({ "code": issued.code, "passphrase": issued.passphrase, "circumstances": "Officers visited my home" }),
        )
        .await;
    assert_eq!(pressured.status, StatusCode::OK, "{}", pressured.body);
    assert!(pressured.json()["pressure_reported_at"].is_string());
    let list = investigator.get("/allegations").await;
    assert!(list.body.contains("Officers visited my home"), "{}", list.body);
    assert!(list.body.contains(&issued.allegation));

    // A new passphrase: the old one stops working, the code stays.
    let page = investigator.get(&format!("/allegations/{}/follow-up", issued.allegation)).await;
    let csrf = page.csrf_field();
    let rotated = investigator
        .post(&format!("/allegations/{}/passphrase", issued.allegation), &[("csrf", &csrf), ("language", "kk")])
        .await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
    assert_eq!(element(&rotated.body, "case-code"), issued.code);
    let new_passphrase = element(&rotated.body, "passphrase");
    assert_ne!(new_passphrase, issued.passphrase);
    assert!(rotated.body.contains("lang=\"kk\""), "the sheet is in the complainant's language");
    assert_eq!(status(&mut complainant, &issued.code, &issued.passphrase).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(status(&mut complainant, &issued.code, &new_passphrase).await.status, StatusCode::OK);

    // Every change is an event; the log still replays to the same state.
    let report = app.verify(&domain::access::Actor::System).await.unwrap();
    assert!(report.problem.is_none(), "{:?}", report.problem);
}

#[tokio::test]
async fn the_status_page_shows_the_shared_steps_and_takes_a_report_of_pressure() {
    let app = demo_app().await;
    let mut investigator = Client::signed_in(&app, "investigator").await;
    let issued = intake(&mut investigator, "en").await;
    let mut complainant = Client::new(&app);
    let form = complainant.get("/status?lang=ru").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Статус жалобы"), "{}", form.body);
    let csrf = form.csrf_field();
    let page = complainant
        .post("/status", &[("csrf", &csrf), ("code", &issued.code), ("passphrase", &issued.passphrase)])
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Complaint registered by the prosecutor"), "{}", page.body);
    let reported = complainant
        .post("/status/pressure", &[("csrf", &csrf), ("code", &issued.code), ("passphrase", &issued.passphrase)])
        .await;
    assert_eq!(reported.status, StatusCode::OK);
    assert!(reported.body.contains("role=\"status\""), "{}", reported.body);
    let refused = complainant
        .post("/status", &[("csrf", &csrf), ("code", &issued.code), ("passphrase", "wrong-passphrase")])
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(!refused.body.contains("wrong-passphrase"), "the page must not echo a passphrase");
}

#[tokio::test]
async fn a_wrong_code_and_a_wrong_passphrase_get_the_same_answer_after_the_same_work() {
    let app = demo_app().await;
    let mut investigator = Client::signed_in(&app, "investigator").await;
    let issued = intake(&mut investigator, "en").await;
    let mut client = Client::new(&app);
    let before = app.passphrase_checks();
    let wrong_passphrase = status(&mut client, &issued.code, "aaaa-bbbb-cccc-dddd-eeee").await;
    let after_wrong_passphrase = app.passphrase_checks();
    let unknown_code = status(&mut client, "ZZZZ-ZZZZ", "aaaa-bbbb-cccc-dddd-eeee").await;
    let after_unknown_code = app.passphrase_checks();
    assert_eq!(wrong_passphrase.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_passphrase.status, unknown_code.status);
    assert_eq!(wrong_passphrase.body, unknown_code.body);
    assert_eq!(wrong_passphrase.headers, unknown_code.headers);
    assert_eq!(wrong_passphrase.json()["code"], "status-refused");
    // Both ran one argon2 verification (the unknown code against the decoy digest).
    assert_eq!(after_wrong_passphrase - before, 1);
    assert_eq!(after_unknown_code - after_wrong_passphrase, 1);
    // A malformed code is no different.
    let malformed = status(&mut client, "not a code at all", "x").await;
    assert_eq!((malformed.status, &malformed.body), (unknown_code.status, &unknown_code.body));
    assert_eq!(app.passphrase_checks() - after_unknown_code, 1);
}

#[tokio::test]
async fn too_many_tries_for_a_code_or_from_an_address_get_429_with_retry_after() {
    let mut app = demo_app().await;
    app.set_status_policy(app::LoginPolicy { account_failures: 3, address_failures: 6, ..app::LoginPolicy::default() });
    let mut investigator = Client::signed_in(&app, "investigator").await;
    let issued = intake(&mut investigator, "en").await;
    let other = intake(&mut investigator, "en").await;
    let mut client = Client::new(&app);
    for _ in 0..2 {
        assert_eq!(status(&mut client, &issued.code, "wrong").await.status, StatusCode::UNAUTHORIZED);
    }
    let third = status(&mut client, &issued.code, "wrong").await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS, "{}", third.body);
    let wait: i64 = third.header("retry-after").parse().unwrap();
    assert!((1..=300).contains(&wait), "{wait}");
    // The code is locked even for the right passphrase; another code still answers.
    let right = status(&mut client, &issued.code, &issued.passphrase).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(!right.header("retry-after").is_empty());
    assert_eq!(status(&mut client, &other.code, &other.passphrase).await.status, StatusCode::OK);
    // Unknown codes are counted against the address: six failures in all lock it.
    for n in 0..2 {
        let reply = status(&mut client, &format!("AAAA-AAA{n}"), "wrong").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{n}");
    }
    let sixth = status(&mut client, "BBBB-BBBB", "wrong").await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
    let page = client.get("/status").await;
    let csrf = page.csrf_field();
    let form =
        client.post("/status", &[("csrf", &csrf), ("code", &other.code), ("passphrase", &other.passphrase)]).await;
    assert_eq!(form.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(!form.header("retry-after").is_empty());
}

#[tokio::test]
async fn a_withdrawal_keeps_the_allegation_in_place_and_in_the_counts() {
    let app = demo_app().await;
    let mut investigator = Client::signed_in(&app, "investigator").await;
    let issued = intake(&mut investigator, "en").await;
    let counts_before = investigator.get("/withdrawals").await;
    let funnel_before = app.funnel(&domain::access::Actor::System).await.unwrap();
    let page = investigator.get(&format!("/allegations/{}/follow-up", issued.allegation)).await;
    let csrf = page.csrf_field();
    let reply = investigator
        .post(
            &format!("/allegations/{}/withdrawals", issued.allegation),
            &[
                ("csrf", &csrf),
                ("on", "2022-03-01"),
                ("reason", "No longer wishes to pursue"),
                ("circumstances", "Visits by officers"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let page = investigator.get(&format!("/allegations/{}/follow-up", issued.allegation)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Visits by officers"));
    let funnel_after = app.funnel(&domain::access::Actor::System).await.unwrap();
    assert_eq!(funnel_after.total, funnel_before.total, "the withdrawn allegation stays in the funnel");
    let counts = app.pressure_counts(&domain::access::Actor::System).await.unwrap();
    assert!(counts.total.withdrawals >= 1);
    assert!(counts_before.body != investigator.get("/withdrawals").await.body);
    // The complainant still sees the complaint (the withdrawal step is internal).
    let mut complainant = Client::new(&app);
    assert_eq!(statuses(&status(&mut complainant, &issued.code, &issued.passphrase).await), ["registered"]);
}
