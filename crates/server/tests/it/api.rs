//! The JSON API: authentication, the wire format, error bodies and the OpenAPI document.

use axum::http::StatusCode;

use crate::support::*;

#[tokio::test]
async fn the_api_needs_a_session() {
    let app = app().await;
    let mut anonymous = Client::new(&app);
    for path in ["/api/v1/persons", "/api/v1/incidents", "/api/v1/units", "/api/v1/sources", "/api/v1/persons/per_x"] {
        let reply = anonymous.get(path).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
        assert!(reply.header("content-type").starts_with("application/json"));
        assert_eq!(reply.json()["code"], "unauthenticated");
        assert!(reply.json()["message"].is_string());
    }
}

#[tokio::test]
async fn lists_and_details_are_json() {
    let app = app().await;
    let mut member = Client::signed_in(&app, "admin").await;
    let persons = member.get("/api/v1/persons").await.json();
    assert_eq!(persons["items"][0]["id"], person_id().to_string());
    assert_eq!(persons["items"][0]["title"], "Aigerim Nurlanova");
    assert!(persons["next"].is_null());

    let person = member.get(&format!("/api/v1/persons/{}", person_id())).await.json();
    assert_eq!(person["names"][0]["script"], "latn");
    assert_eq!(person["birth_date"], "1990");
    assert_eq!(person["violations"][0]["kind"], "killing");

    let incident = member.get(&format!("/api/v1/incidents/{}", incident_id())).await.json();
    assert_eq!(incident["place"]["name"], "Republic Square");
    assert_eq!(incident["sources"][0]["title"], "Official list of the dead");

    let unit = member.get(&format!("/api/v1/units/{}", unit_id())).await.json();
    assert_eq!(unit["kind"], "department");

    let source = member.get(&format!("/api/v1/sources/{}", source_id())).await.json();
    assert_eq!(source["n_records"], 1);
    assert_eq!(source["records"][0]["full_name"], "Нурланова Айгерим");

    for path in ["/api/v1/incidents", "/api/v1/units", "/api/v1/sources"] {
        let reply = member.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(reply.json()["items"].as_array().unwrap().len(), 1, "{path}");
    }
}

#[tokio::test]
async fn api_errors_use_the_code_table() {
    let app = app().await;
    let mut member = Client::signed_in(&app, "admin").await;
    let reply = member.get("/api/v1/persons/per_zzzzzzzzzzzzzzzz").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["code"], "not-found");
    let reply = member.get("/api/v1/persons/nonsense").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["code"], "bad-request");
    let reply = member.get("/api/v1/persons?limit=many").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["code"], "bad-request");
    let reply = member.get("/api/v1/nothing-here").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["code"], "not-found");
}

#[tokio::test]
async fn pages_follow_the_next_cursor() {
    let app = app().await;
    let mut member = Client::signed_in(&app, "admin").await;
    let more = domain::entity::Person {
        id: domain::id::PersonId::from_bits(2),
        names: vec![domain::entity::PersonName {
            text: "Berik Zhakupov".to_owned(),
            script: domain::entity::Script::Latin,
            scheme: None,
        }],
        gender: None,
        birth_date: None,
        death_date: None,
        notes: String::new(),
    };
    app.add_persons(&domain::access::Actor::System, now(), vec![more]).await.unwrap();
    let first = member.get("/api/v1/persons?limit=1").await.json();
    let next = first["next"].as_str().unwrap().to_owned();
    let second = member.get(&format!("/api/v1/persons?limit=1&after={next}")).await.json();
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);
    assert!(second["next"].is_null());
}

#[tokio::test]
async fn the_openapi_document_is_public_and_lists_the_paths() {
    let app = app().await;
    let mut anonymous = Client::new(&app);
    let reply = anonymous.get("/api/v1/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/persons",
        "/api/v1/persons/{id}",
        "/api/v1/incidents",
        "/api/v1/incidents/{id}",
        "/api/v1/units",
        "/api/v1/units/{id}",
        "/api/v1/sources",
        "/api/v1/sources/{id}",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
    assert!(doc["components"]["schemas"]["PersonView"].is_object());
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    assert_eq!(doc["components"]["securitySchemes"]["session"]["name"], "aqiqat_session");
}

/// Every property of every wire type the API documents is in `domain::classification::FIELDS`.
#[tokio::test]
async fn every_field_of_every_wire_type_is_classified() {
    let app = app().await;
    let doc = Client::new(&app).get("/api/v1/openapi.json").await.json();
    let mut missing = Vec::new();
    for (schema, body) in doc["components"]["schemas"].as_object().unwrap() {
        for property in body["properties"].as_object().into_iter().flat_map(|p| p.keys()) {
            if domain::classification::of(schema, property).is_none() {
                missing.push(format!("{schema}.{property}"));
            }
        }
    }
    assert_eq!(missing, Vec::<String>::new(), "wire fields without a classification");
}

/// A person's notes are confidential: the administrator receives them, the analyst's JSON has no
/// such key at all.
#[tokio::test]
async fn fields_above_the_clearance_are_not_sent() {
    let app = demo_app().await;
    let mut admin = Client::signed_in(&app, "admin").await;
    let mut analyst = Client::signed_in(&app, "analyst").await;
    let persons = admin.get("/api/v1/persons?limit=200").await.json();
    let mut with_notes = None;
    for item in persons["items"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        if admin.get(&format!("/api/v1/persons/{id}")).await.json()["notes"].is_string() {
            with_notes = Some(id.to_owned());
            break;
        }
    }
    let id = with_notes.expect("a demo person with notes");
    let seen = analyst.get(&format!("/api/v1/persons/{id}")).await.json();
    assert!(seen["names"].is_array(), "{seen}");
    assert!(seen.get("notes").is_none(), "withheld, not sent: {seen}");
}
