//! The role matrix: every route of the pages and the API with the rule that guards it, tried by a
//! member of every role. A route added to a router without a line here fails
//! `every_route_has_a_rule`; a rule that the handlers do not enforce fails
//! `every_role_gets_what_its_rule_allows`.
//!
//! Reads are tried by every role and must answer 200 or 403 as the rule says; writes are tried only
//! by the roles the rule refuses (with a valid CSRF token, so the refusal is the rule's), since the
//! allowed ones change the registry and have their own tests.

use std::collections::BTreeSet;

use app::NewUser;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::access::{Action, Actor, is_allowed};
use domain::entity::{Locale, Role};
use domain::protected::Protected;

use crate::support::*;

/// Who may use a route.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Rule {
    /// Anyone, signed in or not.
    Anyone,
    /// Any signed-in member.
    Member,
    /// Anyone part-way through signing in (the password accepted, the code awaited); without the
    /// half-way cookie, sent back to sign in.
    SignInStep,
    /// Members whose role may perform the action (`domain::access::is_allowed`).
    May(Action),
}

/// Every route: method, path as the router spells it, and its rule.
pub(crate) const MATRIX: &[(&str, &str, Rule)] = &[
    // Pages (`pages.rs`, `account_pages.rs`, `registry_pages.rs`, `estimation_page.rs`).
    ("GET", "/", Rule::May(Action::ReadRegistry)),
    ("GET", "/login", Rule::Anyone),
    ("POST", "/login", Rule::Anyone),
    ("GET", "/login/code", Rule::SignInStep),
    ("POST", "/login/code", Rule::SignInStep),
    ("GET", "/account/second-factor", Rule::May(Action::ManageOwnAccount)),
    ("POST", "/account/second-factor", Rule::May(Action::ManageOwnAccount)),
    ("POST", "/account/recovery-codes", Rule::May(Action::ManageOwnAccount)),
    ("POST", "/logout", Rule::Member),
    ("POST", "/locale", Rule::May(Action::ManageOwnAccount)),
    ("GET", "/accounts", Rule::May(Action::ManageUsers)),
    ("POST", "/accounts/{id}/unlock", Rule::May(Action::ManageUsers)),
    ("POST", "/accounts/{id}/second-factor/reset", Rule::May(Action::ManageUsers)),
    ("GET", "/persons", Rule::May(Action::ReadRegistry)),
    ("GET", "/persons/{id}", Rule::May(Action::ReadRegistry)),
    ("GET", "/incidents", Rule::May(Action::ReadRegistry)),
    ("GET", "/incidents/{id}", Rule::May(Action::ReadRegistry)),
    ("GET", "/units", Rule::May(Action::ReadRegistry)),
    ("GET", "/units/at", Rule::May(Action::ReadRegistry)),
    ("GET", "/units/{id}", Rule::May(Action::ReadRegistry)),
    ("GET", "/sources", Rule::May(Action::ReadRegistry)),
    ("GET", "/sources/{id}", Rule::May(Action::ReadRegistry)),
    ("GET", "/static/style.css", Rule::Anyone),
    ("GET", "/registry", Rule::May(Action::ReadRegistry)),
    ("GET", "/registry/link", Rule::May(Action::ReadRegistry)),
    ("POST", "/registry/link", Rule::May(Action::LinkRecords)),
    ("GET", "/registry/queue", Rule::May(Action::ReadRegistry)),
    ("GET", "/registry/pairs/{a}/{b}", Rule::May(Action::ReadRegistry)),
    ("POST", "/registry/pairs/{a}/{b}/decision", Rule::May(Action::LinkRecords)),
    ("GET", "/registry/decisions", Rule::May(Action::ReadRegistry)),
    ("POST", "/registry/decisions/{id}/undo", Rule::May(Action::LinkRecords)),
    ("GET", "/registry/capture-histories", Rule::May(Action::ReadRegistry)),
    ("GET", "/registry/capture-histories.csv", Rule::May(Action::ReadRegistry)),
    ("GET", "/registry/estimate", Rule::May(Action::ReadRegistry)),
    // The evidence vault (`evidence_pages.rs`).
    ("GET", "/evidence", Rule::May(Action::HandleEvidence)),
    ("GET", "/evidence/new", Rule::May(Action::HandleEvidence)),
    ("POST", "/evidence", Rule::May(Action::HandleEvidence)),
    ("POST", "/evidence/export", Rule::May(Action::HandleEvidence)),
    ("GET", "/evidence/{id}", Rule::May(Action::HandleEvidence)),
    ("POST", "/evidence/{id}/download", Rule::May(Action::HandleEvidence)),
    ("POST", "/evidence/{id}/transfer", Rule::May(Action::HandleEvidence)),
    ("POST", "/api/v1/evidence", Rule::May(Action::HandleEvidence)),
    ("GET", "/import", Rule::May(Action::ImportSources)),
    ("POST", "/import", Rule::May(Action::ImportSources)),
    ("GET", "/imports/{id}", Rule::May(Action::ReadRegistry)),
    ("GET", "/sources/{id}/mapping", Rule::May(Action::ReadRegistry)),
    ("POST", "/sources/{id}/mapping", Rule::May(Action::ImportSources)),
    // Testimonies and allegations (`protected_pages.rs`): opening their protected fields is recorded.
    ("GET", "/testimonies/{id}", Rule::May(Action::ReadRegistry)),
    ("POST", "/testimonies/{id}/open", Rule::May(Action::ReadProtected)),
    ("GET", "/allegations/{id}", Rule::May(Action::ReadRegistry)),
    ("POST", "/allegations/{id}/open", Rule::May(Action::ReadProtected)),
    // Publication (`release_pages.rs`): releases are public; preparing and approving one is the reviewer's.
    ("GET", "/releases", Rule::Anyone),
    ("GET", "/releases/{id}", Rule::Anyone),
    ("GET", "/releases/{id}/bundle", Rule::Anyone),
    ("GET", "/releases/new", Rule::May(Action::PublishRelease)),
    ("POST", "/releases", Rule::May(Action::PublishRelease)),
    // Complaints (`complaint_pages.rs`): the status page is the complainant's, with no account.
    ("GET", "/status", Rule::Anyone),
    ("POST", "/status", Rule::Anyone),
    ("POST", "/status/pressure", Rule::Anyone),
    ("GET", "/allegations", Rule::May(Action::ReadRegistry)),
    ("POST", "/allegations", Rule::May(Action::TakeComplaints)),
    ("GET", "/allegations/new", Rule::May(Action::TakeComplaints)),
    ("GET", "/allegations/{id}/follow-up", Rule::May(Action::ReadRegistry)),
    ("POST", "/allegations/{id}/steps", Rule::May(Action::EditRegistry)),
    ("POST", "/allegations/{id}/withdrawals", Rule::May(Action::EditRegistry)),
    ("POST", "/allegations/{id}/pressure", Rule::May(Action::EditRegistry)),
    ("POST", "/allegations/{id}/passphrase", Rule::May(Action::TakeComplaints)),
    ("GET", "/withdrawals", Rule::May(Action::ReadRegistry)),
    ("GET", "/accountability", Rule::May(Action::ReadRegistry)),
    ("GET", "/cases", Rule::May(Action::ReadRegistry)),
    ("GET", "/cases/{id}", Rule::May(Action::ReadRegistry)),
    ("POST", "/api/v1/status", Rule::Anyone),
    ("POST", "/api/v1/status/pressure", Rule::Anyone),
    // Vetting (`vetting_pages.rs`): requests, nominees, decisions, the duty to inform, the report.
    ("GET", "/vetting", Rule::May(Action::Vet)),
    ("POST", "/vetting", Rule::May(Action::Vet)),
    ("GET", "/vetting/new", Rule::May(Action::Vet)),
    ("GET", "/vetting/{id}", Rule::May(Action::Vet)),
    ("POST", "/vetting/{id}/screen", Rule::May(Action::Vet)),
    ("GET", "/vetting/{id}/report", Rule::May(Action::Vet)),
    ("GET", "/vetting/{id}/report.pdf", Rule::May(Action::Vet)),
    ("POST", "/vetting/{id}/duty-to-inform", Rule::May(Action::Vet)),
    ("GET", "/vetting/{id}/nominees/{nominee}", Rule::May(Action::Vet)),
    ("POST", "/vetting/{id}/nominees/{nominee}/decision", Rule::May(Action::Vet)),
    // The JSON API (`api.rs`, `api_registry.rs`, `api_vetting.rs`).
    ("GET", "/api/v1/openapi.json", Rule::Anyone),
    ("GET", "/api/v1/persons", Rule::May(Action::ReadRegistry)),
    ("GET", "/api/v1/persons/{id}", Rule::May(Action::ReadRegistry)),
    ("GET", "/api/v1/incidents", Rule::May(Action::ReadRegistry)),
    ("GET", "/api/v1/incidents/{id}", Rule::May(Action::ReadRegistry)),
    ("GET", "/api/v1/units", Rule::May(Action::ReadRegistry)),
    ("GET", "/api/v1/units/{id}", Rule::May(Action::ReadRegistry)),
    ("GET", "/api/v1/sources", Rule::May(Action::ReadRegistry)),
    ("GET", "/api/v1/sources/{id}", Rule::May(Action::ReadRegistry)),
    ("GET", "/api/v1/session", Rule::Member),
    ("GET", "/api/v1/registry", Rule::May(Action::ReadRegistry)),
    ("GET", "/api/v1/registry/queue", Rule::May(Action::ReadRegistry)),
    ("GET", "/api/v1/registry/pairs/{a}/{b}", Rule::May(Action::ReadRegistry)),
    ("POST", "/api/v1/registry/pairs/{a}/{b}/decision", Rule::May(Action::LinkRecords)),
    ("GET", "/api/v1/registry/decisions", Rule::May(Action::ReadRegistry)),
    ("POST", "/api/v1/registry/decisions/{id}/undo", Rule::May(Action::LinkRecords)),
    ("POST", "/api/v1/registry/link", Rule::May(Action::LinkRecords)),
    ("GET", "/api/v1/registry/runs/latest", Rule::May(Action::ReadRegistry)),
    ("GET", "/api/v1/registry/capture-histories", Rule::May(Action::ReadRegistry)),
    ("GET", "/api/v1/records/{id}", Rule::May(Action::ReadRegistry)),
    ("GET", "/api/v1/imports/{id}", Rule::May(Action::ReadRegistry)),
    ("GET", "/api/v1/sources/{id}/mapping", Rule::May(Action::ReadRegistry)),
    ("PUT", "/api/v1/sources/{id}/mapping", Rule::May(Action::ImportSources)),
    ("POST", "/api/v1/sources/{id}/imports", Rule::May(Action::ImportSources)),
    ("POST", "/api/v1/vetting/screen", Rule::May(Action::Vet)),
    ("GET", "/api/v1/units/at", Rule::May(Action::ReadRegistry)),
    ("GET", "/api/v1/units/{id}/commanders", Rule::May(Action::ReadRegistry)),
];

/// The routes the routers declare: `.route("path", get(..).post(..))` in each routing module.
fn declared_routes() -> BTreeSet<(String, String)> {
    let modules = [
        ("", include_str!("../../src/pages.rs")),
        ("", include_str!("../../src/account_pages.rs")),
        ("", include_str!("../../src/registry_pages.rs")),
        ("", include_str!("../../src/estimation_page.rs")),
        ("", include_str!("../../src/protected_pages.rs")),
        ("", include_str!("../../src/release_pages.rs")),
        ("", include_str!("../../src/evidence_pages.rs")),
        ("", include_str!("../../src/complaint_pages.rs")),
        ("/api/v1", include_str!("../../src/api_complaints.rs")),
        ("/api/v1", include_str!("../../src/api.rs")),
        ("/api/v1", include_str!("../../src/api_registry.rs")),
        ("/api/v1", include_str!("../../src/api_evidence.rs")),
        ("", include_str!("../../src/vetting_pages.rs")),
        ("/api/v1", include_str!("../../src/api_vetting.rs")),
        ("/api/v1", include_str!("../../src/api_forces.rs")),
    ];
    let mut routes = BTreeSet::new();
    for (prefix, source) in modules {
        for (at, _) in source.match_indices(".route(\"") {
            let rest = &source[at + ".route(\"".len()..];
            let path = rest.split('"').next().unwrap();
            // The handlers of this route: up to the closing parenthesis of `.route(`.
            let mut depth = 1;
            let end = rest
                .char_indices()
                .find(|(_, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .unwrap()
                .0;
            let handlers = &rest[..end];
            for (method, marker) in [("GET", "get("), ("POST", "post("), ("PUT", "put("), ("DELETE", "delete(")] {
                if handlers.contains(marker) {
                    routes.insert((method.to_owned(), format!("{prefix}{path}")));
                }
            }
        }
    }
    routes
}

#[test]
fn every_route_has_a_rule() {
    let declared = declared_routes();
    let ruled: BTreeSet<(String, String)> =
        MATRIX.iter().map(|(method, path, _)| ((*method).to_owned(), (*path).to_owned())).collect();
    assert!(declared.len() > 40, "parsed only {} routes", declared.len());
    let unruled: Vec<_> = declared.difference(&ruled).collect();
    assert!(unruled.is_empty(), "routes without a rule in the role matrix: {unruled:?}");
    let stale: Vec<_> = ruled.difference(&declared).collect();
    assert!(stale.is_empty(), "rules for routes that no longer exist: {stale:?}");
}

/// A request of the matrix made concrete: real ids in the path, a body for writes.
pub(crate) struct Ids {
    person: String,
    pub(crate) testimony: String,
    pub(crate) allegation: String,
    incident: String,
    unit: String,
    source: String,
    import: String,
    a: String,
    b: String,
    release: String,
    evidence: String,
    case: String,
    vetting: String,
    nominee: String,
}

impl Ids {
    pub(crate) fn path(&self, pattern: &str) -> String {
        pattern
            .replace("/vetting/{id}", &format!("/vetting/{}", self.vetting))
            .replace("{nominee}", &self.nominee)
            .replace("/testimonies/{id}", &format!("/testimonies/{}", self.testimony))
            .replace("/allegations/{id}", &format!("/allegations/{}", self.allegation))
            .replace("/persons/{id}", &format!("/persons/{}", self.person))
            .replace("/incidents/{id}", &format!("/incidents/{}", self.incident))
            .replace("/units/{id}", &format!("/units/{}", self.unit))
            .replace("/sources/{id}", &format!("/sources/{}", self.source))
            .replace("/imports/{id}", &format!("/imports/{}", self.import))
            .replace("/records/{id}", &format!("/records/{}", self.a))
            .replace("/decisions/{id}", "/decisions/dec_0000000000000000000000000")
            .replace("/accounts/{id}", "/accounts/usr_0000000000000000000000000")
            .replace("/releases/{id}", &format!("/releases/{}", self.release))
            .replace("/evidence/{id}", &format!("/evidence/{}", self.evidence))
            .replace("/cases/{id}", &format!("/cases/{}", self.case))
            .replace("{a}", &self.a)
            .replace("{b}", &self.b)
            // The registry's questions need their place and day.
            .replace("/units/at", "/units/at?place=Almaty&on=2022-01-05")
            .replace("/commanders", "/commanders?on=2022-01-05")
    }
}

/// The first id after `marker` in `text`.
fn id_after(text: &str, marker: &str) -> String {
    let start = text.find(marker).unwrap_or_else(|| panic!("no {marker}")) + marker.len();
    text[start..].split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap().to_owned()
}

pub(crate) async fn ids(app: &app::App, reviewer: &Actor) -> Ids {
    let mut admin = Client::signed_in(app, "admin").await;
    // The demo's lists come without files; one upload gives an import to read.
    let mut investigator = Client::signed_in(app, "investigator").await;
    let token = investigator.get("/api/v1/session").await.json()["csrf_token"].as_str().unwrap().to_owned();
    investigator.headers.push(("x-csrf-token", token));
    let first = investigator.get("/api/v1/sources?limit=1").await.json()["items"][0]["id"].as_str().unwrap().to_owned();
    let request = Request::post(format!("/api/v1/sources/{first}/imports?file_name=roles.csv"))
        .header("content-type", "text/csv")
        .body(Body::from("full_name,death_date\nБолат Жумабаев,2022-01-06\n"))
        .unwrap();
    assert_eq!(investigator.send(request).await.status, StatusCode::OK);
    let persons = admin.get("/api/v1/persons?limit=1").await.json();
    let incidents = admin.get("/api/v1/incidents?limit=1").await.json();
    let units = admin.get("/api/v1/units?limit=1").await.json();
    let sources = admin.get("/api/v1/sources?limit=1").await.json();
    let source = sources["items"][0]["id"].as_str().unwrap().to_owned();
    let source_page = admin.get(&format!("/sources/{source}")).await.body;
    let queue = admin.get("/api/v1/registry/queue?limit=1").await.json();
    let (mut testimony, mut allegation) = (None, None);
    for incident in admin.get("/api/v1/incidents?limit=200").await.json()["items"].as_array().unwrap() {
        let (testimonies, allegations) =
            app.incident_statements(&Actor::System, incident["id"].as_str().unwrap()).await.unwrap();
        testimony = testimony.or(testimonies.first().map(|t| t.id.to_string()));
        allegation = allegation.or(allegations.first().map(|a| a.id.to_string()));
    }
    // A release to read, published by the reviewer.
    let request = app::ReleaseRequest { title: "Roles".to_owned(), min_count: 5 };
    let release = app.publish_release(reviewer, now(), request).await.unwrap().to_string();
    // The demo's evidence items are catalogued (no file in a vault): their pages still read.
    let evidence = app.evidence_list(&Actor::System).await.unwrap()[0].evidence.id.to_string();
    let requests = app.vetting_requests(&Actor::System, now()).await.unwrap();
    let vetting = requests.first().expect("the demo has a vetting request").row.id.to_string();
    let detail = app.vetting_request(&Actor::System, now(), &vetting).await.unwrap();
    let nominee = detail.nominees[0].nominee.id.to_string();
    Ids {
        evidence,
        vetting,
        nominee,
        testimony: testimony.expect("the demo has testimonies"),
        allegation: allegation.expect("the demo has allegations"),
        person: persons["items"][0]["id"].as_str().unwrap().to_owned(),
        incident: incidents["items"][0]["id"].as_str().unwrap().to_owned(),
        unit: units["items"][0]["id"].as_str().unwrap().to_owned(),
        import: format!("imp_{}", id_after(&source_page, "href=\"/imports/imp_")),
        source,
        a: queue["items"][0]["a"]["record_id"].as_str().unwrap().to_owned(),
        b: queue["items"][0]["b"]["record_id"].as_str().unwrap().to_owned(),
        release,
        case: app.cases(&Actor::System).await.unwrap()[0].id.to_string(),
    }
}

/// A write of the matrix by `client`: a form with the CSRF token for pages, the header for the API.
pub(crate) async fn write(client: &mut Client, method: &str, path: &str, csrf: &str, ids: &Ids) -> Reply {
    if let Some(api) = path.strip_prefix("/api/v1") {
        client.headers = vec![("x-csrf-token", csrf.to_owned())];
        let body = match api {
            p if p.ends_with("/decision") => serde_json::json!({ "verdict": "same" }),
            p if p.ends_with("/mapping") => serde_json::json!([{ "field": "full_name", "column": "Name" }]),
            _ => serde_json::json!({}),
        };
        let uri = if api.ends_with("/imports") { format!("{path}?file_name=roles.csv") } else { path.to_owned() };
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", if api.ends_with("/imports") { "text/csv" } else { "application/json" })
            .body(Body::from(if api.ends_with("/imports") { "full_name\nA\n".to_owned() } else { body.to_string() }))
            .unwrap();
        let reply = client.send(request).await;
        client.headers.clear();
        return reply;
    }
    match path {
        "/import" => {
            let fields = [
                ("csrf", csrf),
                ("source", "new"),
                ("title", "t"),
                ("kind", "dataset"),
                ("publisher", ""),
                ("reliability", "f"),
            ];
            client.post_multipart(path, &fields, "x.csv", b"full_name\nA\n").await
        }
        "/evidence" => client.post_multipart(path, &[("csrf", csrf), ("title", "t")], "x.bin", b"evidence").await,
        "/evidence/export" => client.post(path, &[("csrf", csrf), ("item", &ids.evidence)]).await,
        "/vetting" => {
            let fields = [("csrf", csrf), ("activity", "Not allowed")];
            client.post_multipart(path, &fields, "nominees.csv", b"kind,name\nunit,KAZBAT\n").await
        }
        p if p.starts_with("/vetting/") && p.ends_with("/decision") => {
            client.post(path, &[("csrf", csrf), ("verdict", "approved")]).await
        }
        p if p.ends_with("/duty-to-inform") => {
            client.post(path, &[("csrf", csrf), ("informed_on", "2025-01-01"), ("authority", "Ministry")]).await
        }
        "/registry/link" => client.post(path, &[("csrf", csrf), ("source", &ids.source)]).await,
        "/releases" => client.post(path, &[("csrf", csrf), ("title", "Not allowed")]).await,
        "/locale" => client.post(path, &[("csrf", csrf), ("locale", "en"), ("back", "/")]).await,
        p if p.ends_with("/decision") => client.post(path, &[("csrf", csrf), ("verdict", "same")]).await,
        p if p.ends_with("/mapping") => client.post(path, &[("csrf", csrf), ("full_name", "Name")]).await,
        _ => client.post(path, &[("csrf", csrf)]).await,
    }
}

/// A member of every role: user name and role (the demo's three and [`add_other_roles`]'s).
pub(crate) const MEMBERS: [(&str, Role); 7] = [
    ("admin", Role::Administrator),
    ("investigator", Role::Investigator),
    ("analyst", Role::Analyst),
    ("vetting", Role::VettingOfficer),
    ("reviewer", Role::Reviewer),
    ("complainant", Role::Complainant),
    ("outsider", Role::Public),
];

/// Adds the members of the roles the demo has none of; returns the reviewer (who publishes).
pub(crate) async fn add_other_roles(app: &app::App) -> Actor {
    let mut reviewer = Actor::System;
    for (username, role) in
        [("vetting", Role::VettingOfficer), ("reviewer", Role::Reviewer), ("complainant", Role::Complainant)]
    {
        let user = NewUser {
            username: username.to_owned(),
            display_name: format!("{username} user"),
            role,
            locale: Locale::En,
            password: Protected::new(PASSWORD.to_owned()),
        };
        let user = app.add_user(&Actor::System, now(), user).await.unwrap();
        if role == Role::Reviewer {
            reviewer = Actor::User { id: user.id, role };
        }
    }
    reviewer
}

#[tokio::test]
async fn every_role_gets_what_its_rule_allows() {
    let app = demo_app().await;
    let reviewer = add_other_roles(&app).await;
    let ids = ids(&app, &reviewer).await;
    let mut failures = Vec::new();
    for (username, role) in MEMBERS {
        let mut client = Client::signed_in(&app, username).await;
        let csrf = client.get("/api/v1/session").await.json()["csrf_token"].as_str().unwrap().to_owned();
        for (method, pattern, rule) in MATRIX {
            let path = ids.path(pattern);
            let allowed = match rule {
                Rule::Anyone | Rule::Member | Rule::SignInStep => continue,
                Rule::May(action) => is_allowed(role, *action),
            };
            let status = if *method == "GET" {
                client.get(&path).await.status
            } else if allowed {
                // Writes by allowed roles change the registry; their own tests cover them.
                continue;
            } else {
                write(&mut client, method, &path, &csrf, &ids).await.status
            };
            let expected = if allowed { StatusCode::OK } else { StatusCode::FORBIDDEN };
            if status != expected {
                failures.push(format!("{role} {method} {path}: {status}, expected {expected}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Routes for anyone answer without a session; routes for members send visitors to sign in.
    let mut anonymous = Client::new(&app);
    for (method, pattern, rule) in MATRIX.iter().filter(|(method, ..)| *method == "GET") {
        let reply = anonymous.get(&ids.path(pattern)).await;
        match rule {
            Rule::Anyone => assert_eq!(reply.status, StatusCode::OK, "{method} {pattern}"),
            _ if pattern.starts_with("/api/") => {
                assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{method} {pattern}")
            }
            _ => assert_eq!(reply.header("location"), "/login", "{method} {pattern}"),
        }
    }
}
