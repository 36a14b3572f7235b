//! Vetting through the router: a vetting officer creates a request from a nominee file, screens
//! it, sees KAZBAT hit with its chain of evidence, decides every nominee and sees the request
//! decided; the batch API `POST /api/v1/vetting/screen` answers hits with evidence, names the bad
//! field of a bad nominee, and refuses roles without the vetting right.

use axum::http::StatusCode;

use crate::roles::add_other_roles;
use crate::support::*;

const NOMINEES: &str = "nominee_id,kind,name,birth_date,gender,unit,rank\n\
                        n1,unit,KAZBAT,,,,\n\
                        n2,person,Ingvar Thorsen,1984-03-09,m,Logistics Directorate,Captain\n";

fn id_after(text: &str, marker: &str) -> String {
    let start = text.find(marker).unwrap_or_else(|| panic!("no {marker} in the page")) + marker.len();
    text[start..].split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap().to_owned()
}

#[tokio::test]
async fn an_officer_goes_from_upload_to_a_decided_request() {
    let app = demo_app().await;
    add_other_roles(&app).await;
    let mut officer = Client::signed_in(&app, "vetting").await;
    let form = officer.get("/vetting/new").await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = form.csrf_field();
    let fields = [("csrf", csrf.as_str()), ("activity", "Steppe Eagle 2025"), ("start", "2025-06-01"), ("end", "")];
    let bad =
        officer.post_multipart("/vetting", &fields, "nominees.csv", b"kind,name,birth_date\nunit,KAZBAT,soon\n").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("nominees.csv, row 1, field birth_date"), "{}", bad.body);
    let created = officer.post_multipart("/vetting", &fields, "nominees.csv", NOMINEES.as_bytes()).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let page = created.header("location").to_owned();
    let request = officer.get(&page).await;
    assert!(request.body.contains("Steppe Eagle 2025") && request.body.contains("KAZBAT"));
    let screened = officer.post(&format!("{page}/screen"), &[("csrf", &csrf)]).await;
    assert_eq!(screened.status, StatusCode::SEE_OTHER, "{}", screened.body);
    let request = officer.get(&page).await.body;
    let nominee = id_after(&request, "/nominees/nom_");
    let mut nominees = Vec::new();
    let mut rest = request.as_str();
    while let Some(at) = rest.find("/nominees/nom_") {
        let id = id_after(rest, "/nominees/nom_");
        if !nominees.contains(&id) {
            nominees.push(id);
        }
        rest = &rest[at + 1..];
    }
    assert_eq!(nominees.len(), 2, "{nominees:?}");
    let kazbat_page = officer.get(&format!("{page}/nominees/nom_{nominee}")).await.body;
    let (kazbat, other) = if kazbat_page.contains("<h1>KAZBAT") {
        (nominees[0].clone(), nominees[1].clone())
    } else {
        (nominees[1].clone(), nominees[0].clone())
    };
    let kazbat_page = officer.get(&format!("{page}/nominees/nom_{kazbat}")).await.body;
    assert!(kazbat_page.contains("Chain of evidence"), "{kazbat_page}");
    assert!(kazbat_page.contains("/incidents/inc_") && kazbat_page.contains("/sources/src_"));
    let other_page = officer.get(&format!("{page}/nominees/nom_{other}")).await.body;
    assert!(other_page.contains("No hit"), "a made-up name gets no hit");
    let reject = [
        ("csrf", csrf.as_str()),
        ("verdict", "rejected"),
        ("reason", "unit-implicated"),
        ("rationale", "Attributed killings in Almaty, January 2022"),
    ];
    let decided = officer.post(&format!("{page}/nominees/nom_{kazbat}/decision"), &reject).await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    let approve = [("csrf", csrf.as_str()), ("verdict", "approved"), ("reason", ""), ("rationale", "")];
    let decided = officer.post(&format!("{page}/nominees/nom_{other}/decision"), &approve).await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    let request = officer.get(&page).await.body;
    assert!(request.contains("<dd>decided</dd>"), "{request}");
    let report = officer.get(&format!("{page}/report")).await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(report.body.contains("Attributed killings in Almaty") && report.body.contains("vetting user"));
    let list = officer.get("/vetting").await.body;
    assert!(list.contains("Steppe Eagle 2025") && list.contains("decided (2/2)"), "{list}");
}

#[tokio::test]
async fn the_batch_api_answers_hits_with_evidence() {
    let app = demo_app().await;
    add_other_roles(&app).await;
    let mut officer = Client::signed_in(&app, "vetting").await;
    let token = officer.get("/api/v1/session").await.json()["csrf_token"].as_str().unwrap().to_owned();
    officer.headers.push(("x-csrf-token", token));
    let batch = serde_json::json!({
        "activity_start": "2024-06-10",
        "nominees": [
            { "nominee_id": "n1", "kind": "unit", "name": "KAZBAT" },
            { "nominee_id": "n2", "kind": "person", "name": "Ingvar Thorsen", "birth_date": "1984-03-09", "gender": "m" },
        ],
    });
    let reply = officer.post_json("/api/v1/vetting/screen", &batch).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["n_nominees"], 2);
    let hits = json["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["nominee_id"] == "n1"), "only KAZBAT is hit: {hits:?}");
    let first = &hits[0];
    assert_eq!(first["entity_kind"], "unit");
    assert!(first["score"].as_f64().unwrap() > 0.5, "{first}");
    let evidence = &first["evidence"][0];
    assert!(evidence["incident_id"].as_str().unwrap().starts_with("inc_"), "{first}");
    assert!(!evidence["sources"].as_array().unwrap().is_empty(), "{first}");

    let bad = serde_json::json!({ "nominees": [
        { "nominee_id": "n1", "kind": "unit", "name": "KAZBAT" },
        { "nominee_id": "n2", "kind": "soldier", "name": "X" },
    ]});
    let reply = officer.post_json("/api/v1/vetting/screen", &bad).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("nominees[1].kind"), "{}", reply.body);

    let mut analyst = Client::signed_in(&app, "analyst").await;
    let token = analyst.get("/api/v1/session").await.json()["csrf_token"].as_str().unwrap().to_owned();
    analyst.headers.push(("x-csrf-token", token));
    assert_eq!(analyst.post_json("/api/v1/vetting/screen", &batch).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_api_answers_which_units_and_commanders_were_at_a_place() {
    let app = demo_app().await;
    let mut analyst = Client::signed_in(&app, "analyst").await;
    let reply = analyst.get("/api/v1/units/at?place=Almaty&on=2022-01-05").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let units = reply.json();
    let kazbat = units.as_array().unwrap().iter().find(|u| u["unit_name"] == "KAZBAT").expect("KAZBAT was there");
    assert!(kazbat["source_id"].as_str().unwrap().starts_with("src_"));
    let commanders = kazbat["commanders"].as_array().unwrap();
    assert!(!commanders.is_empty() && commanders.iter().all(|c| c["source_id"].as_str().unwrap().starts_with("src_")));
    let unit = kazbat["unit_id"].as_str().unwrap();
    let reply = analyst.get(&format!("/api/v1/units/{unit}/commanders?on=2022-01-05")).await;
    assert_eq!(reply.json(), serde_json::Value::Array(commanders.clone()));
    let bad = analyst.get(&format!("/api/v1/units/{unit}/commanders?on=someday")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}
