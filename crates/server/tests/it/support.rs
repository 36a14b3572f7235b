//! Test fixtures: an app with a few registry values, users, and a small HTTP client over the
//! router that keeps cookies.

use app::{App, NewUser};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use domain::access::Actor;
use domain::date::{FuzzyDate, Timestamp};
use domain::entity::*;
use domain::id::*;
use domain::protected::Protected;
use server::{ServerConfig, router};
use tower::ServiceExt;

pub(crate) const PASSWORD: &str = "correct horse battery staple";

pub(crate) fn now() -> Timestamp {
    Timestamp::from_millis(1_700_000_000_000)
}

pub(crate) fn person_id() -> PersonId {
    PersonId::from_bits(1)
}
pub(crate) fn incident_id() -> IncidentId {
    IncidentId::from_bits(1)
}
pub(crate) fn unit_id() -> UnitId {
    UnitId::from_bits(1)
}
pub(crate) fn source_id() -> SourceId {
    SourceId::from_bits(1)
}

fn date(y: i16, m: i8, d: i8) -> jiff::civil::Date {
    jiff::civil::Date::new(y, m, d).unwrap()
}

/// A fresh app with an administrator `admin`, a `public` user, and one of each registry value.
pub(crate) async fn app() -> App {
    let app = App::open_in_memory().await.unwrap();
    for (username, role) in [("admin", Role::Administrator), ("outsider", Role::Public)] {
        let user = NewUser {
            username: username.to_owned(),
            display_name: format!("{username} user"),
            role,
            locale: Locale::En,
            password: Protected::new(PASSWORD.to_owned()),
        };
        app.add_user(&Actor::System, now(), user).await.unwrap();
    }
    let system = Actor::System;
    let source = Source {
        id: source_id(),
        kind: SourceKind::OfficialList,
        title: "Official list of the dead".to_owned(),
        publisher: "Prosecutor General's Office".to_owned(),
        published_on: Some(date(2022, 8, 16)),
        url: Some("https://example.org/list".to_owned()),
        reliability: Reliability::B,
        notes: String::new(),
    };
    app.register_source(&system, now(), source).await.unwrap();
    let record = Record {
        id: RecordId::from_bits(1),
        source_id: source_id(),
        row_number: 1,
        source_record_id: Some("17".to_owned()),
        verbatim: vec![("ФИО".to_owned(), "Нурланова Айгерим".to_owned())],
        fields: VictimFields {
            full_name: Some("Нурланова Айгерим".to_owned()), ..VictimFields::default()
        },
    };
    app.import_records(&system, now(), source_id(), vec![record]).await.unwrap();
    let person = Person {
        id: person_id(),
        names: vec![PersonName { text: "Aigerim Nurlanova".to_owned(), script: Script::Latin, scheme: None }],
        gender: Some(Gender::Female),
        birth_date: FuzzyDate::year(1990),
        death_date: Some(FuzzyDate::exact(date(2022, 1, 5))),
        notes: String::new(),
    };
    app.add_persons(&system, now(), vec![person]).await.unwrap();
    let unit = Unit {
        id: unit_id(),
        kind: UnitKind::Department,
        base: Some("Almaty".to_owned()),
        names: vec![UnitName {
            name: "Police Department of Almaty".to_owned(),
            language: "en".to_owned(),
            valid_from: None,
            valid_to: None,
        }],
        parents: vec![],
        source_ids: vec![source_id()],
    };
    app.add_units(&system, now(), vec![unit]).await.unwrap();
    let incident = Incident {
        id: incident_id(),
        title: "Shooting on Republic Square".to_owned(),
        date: FuzzyDate::exact(date(2022, 1, 5)),
        place: Place {
            name: "Republic Square".to_owned(),
            region_at_event: "Almaty".to_owned(),
            current_region: "Almaty".to_owned(),
        },
        description: "Live fire on a crowd.".to_owned(),
        violations: vec![Violation {
            id: ViolationId::from_bits(1),
            kind: ViolationKind::Killing,
            victim: Some(person_id()),
            victim_count: 1,
        }],
        source_ids: vec![source_id()],
    };
    app.record_incidents(&system, now(), vec![incident]).await.unwrap();
    app
}

/// A fresh app holding the small demo scenario, its lists linked into the registry, with the
/// demo's `admin`, `investigator` and `analyst` and a `public` user, all with [`PASSWORD`].
pub(crate) async fn demo_app() -> App {
    demo_app_with(demo::generate(&demo::DemoConfig { seed: 7, scale: demo::Scale::Small })).await
}

/// As [`demo_app`], with `canary` in every protected field of the scenario.
pub(crate) async fn canary_demo_app(canary: &str) -> App {
    let mut scenario = demo::generate(&demo::DemoConfig { seed: 7, scale: demo::Scale::Small });
    scenario.plant_canary(canary);
    demo_app_with(scenario).await
}

async fn demo_app_with(scenario: demo::Scenario) -> App {
    let app = App::open_in_memory().await.unwrap();
    let password = || Protected::new(PASSWORD.to_owned());
    let passwords = app::DemoPasswords { admin: password(), investigator: password(), analyst: password() };
    app.load_demo(&scenario, &passwords, now()).await.unwrap();
    let user = NewUser {
        username: "outsider".to_owned(),
        display_name: "outsider user".to_owned(),
        role: Role::Public,
        locale: Locale::En,
        password: password(),
    };
    app.add_user(&Actor::System, now(), user).await.unwrap();
    app
}

/// A response read to the end.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: axum::http::HeaderMap,
    pub(crate) body: String,
}

impl Reply {
    pub(crate) fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    pub(crate) fn set_cookies(&self) -> Vec<&str> {
        self.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect()
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// The value of the first hidden `csrf` field in the page.
    pub(crate) fn csrf_field(&self) -> String {
        let marker = "name=\"csrf\" value=\"";
        let start = self.body.find(marker).expect("a csrf field") + marker.len();
        self.body[start..].split('"').next().unwrap().to_owned()
    }
}

/// A browser stand-in: sends requests through the router and keeps the cookies it is given.
pub(crate) struct Client {
    router: Router,
    cookies: Vec<(String, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
}

impl Client {
    pub(crate) fn new(app: &App) -> Client {
        // The demo's administrator has no second factor; the tests of that requirement turn it on
        // (`accounts.rs`), the others sign in as the administrator with a password alone.
        Client::with_config(
            app,
            ServerConfig { secure_cookies: false, require_admin_second_factor: false, trusted_proxy: None },
        )
    }

    pub(crate) fn with_config(app: &App, config: ServerConfig) -> Client {
        Client { router: router(app.clone(), config), cookies: vec![], headers: vec![] }
    }

    pub(crate) fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub(crate) async fn send(&mut self, request: Request<Body>) -> Reply {
        let mut request = request;
        request.headers_mut().insert(header::HOST, "localhost:8080".parse().unwrap());
        if !self.cookies.is_empty() {
            let cookie = self.cookies.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; ");
            request.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
        }
        for (name, value) in &self.headers {
            request.headers_mut().insert(*name, value.parse().unwrap());
        }
        let response: Response<Body> = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let reply = Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() };
        for set_cookie in reply.set_cookies() {
            let pair = set_cookie.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != name);
            let removed = set_cookie.contains("Max-Age=0") || value.is_empty();
            if !removed {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
        reply
    }

    pub(crate) async fn get(&mut self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap()).await
    }

    /// Sends a request with a JSON body (and any extra headers set on the client).
    pub(crate) async fn post_json(&mut self, path: &str, body: &serde_json::Value) -> Reply {
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(request).await
    }

    /// Sends a multipart form: text fields, then one file field `file`.
    pub(crate) async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        file: &[u8],
    ) -> Reply {
        let boundary = "aqiqat-test-boundary-7f3a";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
            );
        }
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .bytes(),
        );
        body.extend_from_slice(file);
        body.extend(format!("\r\n--{boundary}--\r\n").bytes());
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    pub(crate) async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Reply {
        let body = form.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&");
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// Signs in through the form, as a browser would.
    pub(crate) async fn sign_in(&mut self, username: &str, password: &str) -> Reply {
        let form = self.get("/login").await;
        let csrf = form.csrf_field();
        self.post("/login", &[("username", username), ("password", password), ("csrf", &csrf)]).await
    }

    pub(crate) async fn signed_in(app: &App, username: &str) -> Client {
        let mut client = Client::new(app);
        let reply = client.sign_in(username, PASSWORD).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        client
    }
}

/// Percent-encodes a form value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
