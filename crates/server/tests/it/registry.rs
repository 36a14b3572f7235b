//! The victim registry through the web shell: the registry list and its filters, the review
//! queue, a pair's page with its waterfall, deciding and undoing, imports by upload, column
//! mappings, capture histories, and the JSON API with its CSRF header; who may do what.

use axum::http::StatusCode;

use crate::support::*;

/// The first `href` in `body` that starts with `prefix`.
fn first_href(body: &str, prefix: &str) -> String {
    let marker = format!("href=\"{prefix}");
    let start = body.find(&marker).unwrap_or_else(|| panic!("no link to {prefix}: {body}")) + "href=\"".len();
    body[start..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_registry_lists_persons_with_their_lists_and_filters() {
    let app = demo_app().await;
    let mut analyst = Client::signed_in(&app, "analyst").await;
    let all = analyst.get("/registry").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert!(all.body.contains("Registry of the dead"));
    assert!(all.body.contains("official list") && all.body.contains("morgue list"), "a column per list");
    assert!(all.body.contains("<option value=\"almati\""), "places to filter by");
    assert!(!all.body.contains("style="));
    let rows = |body: &str| body.matches("<th scope=\"row\">").count();
    let almaty = analyst.get("/registry?place=almati").await;
    assert!(rows(&almaty.body) > 0 && almaty.body.contains("<option value=\"almati\" selected"));
    let young = analyst.get("/registry?age_max=17").await;
    assert!(rows(&young.body) < rows(&all.body));
    let january = analyst.get("/registry?died_from=2022-01-05&died_to=2022-01-05").await;
    assert_eq!(january.status, StatusCode::OK);
    assert_eq!(analyst.get("/registry?died_from=5.1.2022").await.status, StatusCode::BAD_REQUEST);
    // A registry person's page lists their records and the lists that name them.
    let person = first_href(&all.body, "/persons/per_");
    let page = analyst.get(&person).await;
    assert!(page.body.contains("Lists that name this person"), "{}", page.body);
    assert!(page.body.contains("Records in source lists"));
}

#[tokio::test]
async fn an_investigator_reviews_a_pair_merges_and_undoes() {
    let app = demo_app().await;
    let mut investigator = Client::signed_in(&app, "investigator").await;
    let queue = investigator.get("/registry/queue").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains("Review queue"));
    // A pair whose records are two persons now: deciding "same" merges them.
    let start = queue.body.find("two persons (").expect("a pair across two persons");
    let row_start = queue.body[..start].rfind("<tr>").unwrap();
    let pair = first_href(&queue.body[row_start..], "/registry/pairs/");
    let page = investigator.get(&pair).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for expected in ["The two records side by side", "As imported", "Why this score", "class=\"wf-bar ", "Same person"]
    {
        assert!(page.body.contains(expected), "{expected}: {}", page.body);
    }
    assert!(page.body.contains("two different persons"));
    let csrf = page.csrf_field();
    let refused = investigator.post(&format!("{pair}/decision"), &[("verdict", "same"), ("csrf", "wrong")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let decided = investigator
        .post(&format!("{pair}/decision"), &[("verdict", "same"), ("note", "same father"), ("csrf", &csrf)])
        .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    assert_eq!(decided.header("location"), format!("{pair}?done=decided"));
    let after = investigator.get(&format!("{pair}?done=decided")).await;
    assert!(after.body.contains("The decision was recorded."));
    assert!(after.body.contains("the same person"), "{}", after.body);
    assert!(after.body.contains("same father"));
    let undo = first_href(&after.body.replace("action=\"", "href=\""), "/registry/decisions/dec_");
    let decided_again =
        investigator.post(&format!("{pair}/decision"), &[("verdict", "different"), ("csrf", &csrf)]).await;
    assert_eq!(decided_again.status, StatusCode::CONFLICT, "a decided pair is undone before it is decided again");
    assert!(decided_again.body.contains("undo that decision"));
    let undone = investigator.post(&undo, &[("csrf", &csrf), ("back", &pair)]).await;
    assert_eq!(undone.status, StatusCode::SEE_OTHER);
    assert_eq!(undone.header("location"), format!("{pair}?done=undone"));
    let restored = investigator.get(&format!("{pair}?done=undone")).await;
    assert!(restored.body.contains("two different persons"));
    assert!(restored.body.contains("Same person"), "the buttons are back");
    let decisions = investigator.get("/registry/decisions").await;
    assert!(decisions.body.contains("undone"));
    assert!(app.verify(&domain::access::Actor::System).await.unwrap().is_ok());
}

#[tokio::test]
async fn analysts_read_pairs_but_cannot_decide_and_the_public_sees_nothing() {
    let app = demo_app().await;
    let mut analyst = Client::signed_in(&app, "analyst").await;
    let queue = analyst.get("/registry/queue").await;
    let pair = first_href(&queue.body, "/registry/pairs/");
    let page = analyst.get(&pair).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("value=\"same\""), "no decision buttons for analysts");
    assert!(page.body.contains("Your role may read pairs but not decide on them."));
    let csrf = page.csrf_field();
    let reply = analyst.post(&format!("{pair}/decision"), &[("verdict", "same"), ("csrf", &csrf)]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(analyst.get("/import").await.status, StatusCode::FORBIDDEN);
    let mut outsider = Client::signed_in(&app, "outsider").await;
    for path in ["/registry", "/registry/queue", &pair, "/registry/capture-histories", "/registry/link"] {
        assert_eq!(outsider.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    for path in ["/api/v1/registry", "/api/v1/registry/queue", "/api/v1/registry/capture-histories"] {
        let reply = outsider.get(path).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(reply.json()["code"], "denied");
    }
}

#[tokio::test]
async fn linking_again_from_the_page_keeps_the_registry() {
    let app = demo_app().await;
    let mut investigator = Client::signed_in(&app, "investigator").await;
    let page = investigator.get("/registry/link").await;
    assert!(page.body.contains("Latest link run"));
    let csrf = page.csrf_field();
    let sources: Vec<String> = page
        .body
        .match_indices("name=\"source\" value=\"")
        .map(|(i, m)| page.body[i + m.len()..].split('"').next().unwrap().to_owned())
        .collect();
    assert_eq!(sources.len(), 4, "the four lists");
    let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    form.extend(sources.iter().map(|s| ("source", s.as_str())));
    let reply = investigator.post("/registry/link", &form).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let none = investigator.post("/registry/link", &[("csrf", &csrf)]).await;
    assert_eq!(none.status, StatusCode::BAD_REQUEST);
    assert!(none.body.contains("Choose at least one list."));
}

#[tokio::test]
async fn lists_are_uploaded_reported_and_refused_twice() {
    let app = demo_app().await;
    let mut investigator = Client::signed_in(&app, "investigator").await;
    let form = investigator.get("/import").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    let csrf = form.csrf_field();
    let csv = "ФИО;Дата гибели;Возраст\nИванов Иван;05.01.2022;35\nПетров Пётр;2022-13-01;сорок\n";
    let fields = [
        ("csrf", csrf.as_str()),
        ("source", "new"),
        ("title", "Family reports"),
        ("kind", "family-report"),
        ("publisher", "Families"),
        ("reliability", "c"),
    ];
    let reply = investigator.post_multipart("/import", &fields, "families.csv", csv.as_bytes()).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let report_path = reply.header("location").to_owned();
    assert!(report_path.starts_with("/imports/imp_"));
    let report = investigator.get(&report_path).await;
    for expected in ["families.csv", "Problems found", "Дата гибели", "2022-13-01", "not a date", "not an age", "ФИО"]
    {
        assert!(report.body.contains(expected), "{expected}: {}", report.body);
    }
    let again = investigator.post_multipart("/import", &fields, "copy.csv", csv.as_bytes()).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("was imported before, as families.csv"), "{}", again.body);
    let no_csrf = [
        ("csrf", "nope"),
        ("source", "new"),
        ("title", "x"),
        ("kind", "dataset"),
        ("publisher", ""),
        ("reliability", "f"),
    ];
    let refused = investigator.post_multipart("/import", &no_csrf, "other.csv", b"name\nA\n").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let huge = vec![b'a'; server_limit() + 1];
    let too_large = investigator.post_multipart("/import", &fields, "huge.csv", &huge).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);

    // The source's mapping page shows what the import recognised, and saves a new one.
    let source = first_href(&report.body, "/sources/src_");
    let mapping_path = format!("{source}/mapping");
    let mapping = investigator.get(&mapping_path).await;
    assert!(mapping.body.contains("value=\"ФИО\""), "{}", mapping.body);
    let saved = investigator.post(&mapping_path, &[("csrf", &csrf), ("full_name", "Name"), ("place", "Town")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let mapping = investigator.get(&mapping_path).await;
    assert!(mapping.body.contains("value=\"Name\"") && mapping.body.contains("saved for this source"));
    let bad = investigator.post(&mapping_path, &[("csrf", &csrf), ("place", "Town")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

/// Uploads are limited to 32 MiB.
fn server_limit() -> usize {
    32 * 1024 * 1024
}

#[tokio::test]
async fn capture_histories_are_shown_and_downloaded() {
    let app = demo_app().await;
    let mut analyst = Client::signed_in(&app, "analyst").await;
    let page = analyst.get("/registry/capture-histories?by=place").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("almati"));
    let csv = analyst.get("/registry/capture-histories.csv").await;
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert!(csv.header("content-disposition").starts_with("attachment"));
    assert!(csv.body.starts_with("official,ngo,media,morgue,count\n"), "{}", csv.body);
    assert_eq!(csv.body.lines().count(), 16);
    let by_period = analyst.get("/registry/capture-histories.csv?by=period").await;
    assert!(by_period.body.starts_with("stratum,official,ngo,media,morgue,count\n2022-W"), "{}", by_period.body);
    assert_eq!(analyst.get("/registry/capture-histories.csv?by=moon").await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_api_reviews_with_a_csrf_header() {
    let app = demo_app().await;
    let mut investigator = Client::signed_in(&app, "investigator").await;
    let session = investigator.get("/api/v1/session").await.json();
    assert_eq!(session["role"], "investigator");
    let token = session["csrf_token"].as_str().unwrap().to_owned();
    let registry = investigator.get("/api/v1/registry?place=almati&limit=5").await.json();
    assert_eq!(registry["items"].as_array().unwrap().len(), 5);
    assert!(registry["total"].as_u64().unwrap() > 5);
    let queue = investigator.get("/api/v1/registry/queue?limit=200").await.json();
    let item = queue["items"].as_array().unwrap().iter().find(|i| i["same_person"] == false).unwrap().clone();
    let (a, b) = (item["a"]["record_id"].as_str().unwrap(), item["b"]["record_id"].as_str().unwrap());
    let pair = investigator.get(&format!("/api/v1/registry/pairs/{a}/{b}")).await.json();
    assert!(pair["score"]["steps"].as_array().unwrap().len() >= 5);
    assert!(pair["a"]["verbatim"].as_array().unwrap().len() == 11);
    let body = serde_json::json!({ "verdict": "same", "note": "api" });
    let refused = investigator.post_json(&format!("/api/v1/registry/pairs/{a}/{b}/decision"), &body).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.json()["code"], "csrf-rejected");
    investigator.headers.push(("x-csrf-token", token));
    let decided = investigator.post_json(&format!("/api/v1/registry/pairs/{a}/{b}/decision"), &body).await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
    let decision = decided.json();
    assert_eq!(decision["verdict"], "same");
    assert!(decision["n_moved"].as_u64().unwrap() >= 1);
    let again = investigator.post_json(&format!("/api/v1/registry/pairs/{a}/{b}/decision"), &body).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.json()["detail"].as_str().unwrap().contains("decided already"));
    let id = decision["id"].as_str().unwrap();
    let undone = investigator.post_json(&format!("/api/v1/registry/decisions/{id}/undo"), &serde_json::json!({})).await;
    assert_eq!(undone.status, StatusCode::OK, "{}", undone.body);
    assert!(undone.json()["undone_at"].is_string());
    let linked = investigator.post_json("/api/v1/registry/link", &serde_json::json!({})).await;
    assert_eq!(linked.status, StatusCode::OK, "{}", linked.body);
    assert_eq!(linked.json()["run"]["source_ids"].as_array().unwrap().len(), 4);
    let csv = investigator.get("/api/v1/registry/capture-histories?by=place").await;
    assert!(csv.body.starts_with("stratum,official,ngo,media,morgue,count\n"));
    // An upload through the API: the file as the body.
    let sources = investigator.get("/api/v1/sources?limit=200").await.json();
    let source = sources["items"].as_array().unwrap()[0]["id"].as_str().unwrap().to_owned();
    let request = axum::http::Request::post(format!("/api/v1/sources/{source}/imports?file_name=more.csv"))
        .header("content-type", "text/csv")
        .body(axum::body::Body::from("full_name,death_date\nБолат Жумабаев,2022-01-06\n"))
        .unwrap();
    let imported = investigator.send(request).await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.body);
    assert_eq!(imported.json()["n_records"], 1);
    let mapping = investigator.get(&format!("/api/v1/sources/{source}/mapping")).await.json();
    assert_eq!(mapping["saved"], true);
    assert!(app.verify(&domain::access::Actor::System).await.unwrap().is_ok());
}

#[tokio::test]
async fn every_registry_page_renders_without_scripts_or_inline_styles_in_every_language() {
    let app = demo_app().await;
    let mut investigator = Client::signed_in(&app, "investigator").await;
    let queue = investigator.get("/registry/queue").await;
    let pair = first_href(&queue.body, "/registry/pairs/");
    let sources = investigator.get("/sources").await;
    let source = first_href(&sources.body, "/sources/src_");
    let paths = [
        "/",
        "/registry",
        "/registry/queue",
        pair.as_str(),
        "/registry/link",
        "/registry/decisions",
        "/registry/capture-histories",
        "/registry/estimate",
        "/import",
        &format!("{source}/mapping"),
    ];
    for lang in ["en", "ru", "kk"] {
        let csrf = investigator.get("/").await.csrf_field();
        investigator.post("/locale", &[("locale", lang), ("csrf", &csrf), ("back", "/")]).await;
        for path in paths {
            let reply = investigator.get(path).await;
            assert_eq!(reply.status, StatusCode::OK, "{lang} {path}: {}", reply.body);
            assert!(reply.body.contains(&format!("<html lang=\"{lang}\">")), "{lang} {path}");
            assert!(!reply.body.contains("<script"), "{lang} {path}");
            assert!(!reply.body.contains("style="), "{lang} {path}: no inline styles under the CSP");
            assert!(reply.body.contains("<main id=\"main\""), "{lang} {path}");
            // Every message id resolved: none is shown as its bare id.
            for prefix in
                ["registry-", "queue-", "pair-", "link-", "capture-", "import-", "mapping-", "waterfall-", "estimate-"]
            {
                assert!(!reply.body.contains(&format!(">{prefix}")), "{lang} {path}: an untranslated {prefix} message");
            }
        }
    }
}
