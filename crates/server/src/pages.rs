//! The HTML pages: sign-in and sign-out, the language switch, the overview, and the lists and
//! detail pages of persons, incidents, units and sources.
//!
//! Handlers turn `app` values into display strings and tables; templates only lay them out.
//! Every form is checked against a CSRF token before anything else happens.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use axum_extra::extract::cookie::CookieJar;
use domain::access::Actor;
use domain::entity::{Locale, Subject};
use domain::protected::Protected;
use serde::Deserialize;

use crate::error::{ErrorCode, Failure};
use crate::i18n::{Tr, parse_locale};
use app::SignIn;

use crate::session::{
    CHALLENGE_COOKIE, ClientAddress, LANG_COOKIE, LOGIN_CSRF_COOKIE, Member, SESSION_COOKIE, Visitor, anonymous_locale,
    csrf_matches, is_local_path, lang_cookie, private_cookie, removal,
};
use crate::view::{
    Cell, Fact, Layout, PAGE_SIZE, Reply, Table, detail_page, error_page, fact, failure_page, or_unknown, redirect,
    render, require_csrf, show,
};
use crate::{AppState, now};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/locale", post(set_locale))
        .route("/persons", get(persons))
        .route("/persons/{id}", get(person))
        .route("/incidents", get(incidents))
        .route("/incidents/{id}", get(incident))
        .route("/units", get(units))
        .route("/units/at", get(units_at))
        .route("/units/{id}", get(unit))
        .route("/sources", get(sources))
        .route("/sources/{id}", get(source))
        .route("/static/style.css", get(stylesheet))
}

// ---------------------------------------------------------------------------------------------
// Templates of this module.

/// The layout of an error page for anyone: a member's, or an anonymous one.
fn visitor_layout(visitor: &Visitor) -> Layout {
    match &visitor.member {
        Some(member) => Layout::member_at(member, "", "/"),
        None => Layout::anonymous(visitor.tr),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
pub(crate) struct LoginPage {
    layout: Layout,
    csrf: String,
    username: String,
    failed: bool,
    /// This client failed too often and must wait (HTTP 429).
    too_many: bool,
}

/// A heading, an introduction and one table with paging links: the lists, the home page, the
/// review queue.
#[derive(Template)]
#[template(path = "list.html")]
pub(crate) struct ListPage {
    pub(crate) layout: Layout,
    pub(crate) heading: String,
    pub(crate) intro: Option<String>,
    pub(crate) table: Table,
    pub(crate) first_href: Option<String>,
    pub(crate) next_href: Option<String>,
}

/// Unknown paths: a 404 page, or a JSON 404 under `/api/`.
pub(crate) async fn not_found(visitor: Visitor, uri: Uri) -> Response {
    let failure = Failure::new(ErrorCode::NotFound);
    if uri.path().starts_with("/api/") {
        return crate::error::ApiError(failure).into_response();
    }
    failure_page(visitor_layout(&visitor), failure)
}

async fn stylesheet() -> Response {
    let headers = [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")];
    (headers, include_str!("../static/style.css")).into_response()
}

// ---------------------------------------------------------------------------------------------
// Sign-in, sign-out, language.

#[derive(Debug, Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

/// The fields of the sign-in form. Missing fields are empty, so a bare POST fails the CSRF check
/// (403) rather than the form parser (422).
#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

#[derive(Debug, Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

#[derive(Debug, Deserialize)]
struct LocaleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    locale: String,
    #[serde(default)]
    back: String,
}

/// The sign-in form's double-submit token: the one already in the cookie, or a new one.
pub(crate) fn login_csrf(state: &AppState, jar: CookieJar) -> (CookieJar, String) {
    let existing = jar.get(LOGIN_CSRF_COOKIE).map(|c| c.value().to_owned());
    match existing.filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit())) {
        Some(token) => (jar, token),
        None => {
            let token = crypto::token::random_token();
            (jar.add(private_cookie(&state.config, LOGIN_CSRF_COOKIE, token.clone())), token)
        }
    }
}

async fn login_form(
    State(state): State<AppState>,
    visitor: Visitor,
    jar: CookieJar,
    Query(query): Query<LangQuery>,
) -> Response {
    if visitor.member.is_some() {
        return Redirect::to("/").into_response();
    }
    let (jar, tr) = match query.lang.as_deref().and_then(parse_locale) {
        Some(locale) => (jar.add(lang_cookie(&state.config, locale)), Tr::new(locale)),
        None => (jar, visitor.tr),
    };
    let (jar, csrf) = login_csrf(&state, jar);
    let page =
        LoginPage { layout: Layout::anonymous(tr), csrf, username: String::new(), failed: false, too_many: false };
    (jar, render(&page, StatusCode::OK)).into_response()
}

async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    client: ClientAddress,
    Form(form): Form<LoginForm>,
) -> Response {
    let tr = Tr::new(anonymous_locale(&headers));
    let expected = jar.get(LOGIN_CSRF_COOKIE).map(|c| c.value().to_owned()).unwrap_or_default();
    if !csrf_matches(&form.csrf, &expected) {
        return error_page(tr, None, Failure::new(ErrorCode::CsrfRejected));
    }
    let password = Protected::new(form.password);
    match state.app.sign_in(form.username.trim(), &password, &client.0, now()).await {
        Ok(SignIn::Session(session)) => session_opened(&state, jar, session).await,
        Ok(SignIn::SecondFactor { token, .. }) => {
            let jar = jar.add(private_cookie(&state.config, CHALLENGE_COOKIE, token));
            (jar, Redirect::to("/login/code")).into_response()
        }
        Ok(SignIn::Refused | SignIn::ChallengeGone) => {
            tracing::info!("failed sign-in");
            let layout = Layout::anonymous(tr);
            let page = LoginPage { layout, csrf: expected, username: form.username, failed: true, too_many: false };
            render(&page, StatusCode::UNAUTHORIZED)
        }
        Ok(SignIn::TooManyAttempts { retry_after_seconds }) => {
            let layout = Layout::anonymous(tr);
            let page = LoginPage { layout, csrf: expected, username: form.username, failed: false, too_many: true };
            too_many_attempts(page, retry_after_seconds)
        }
        Err(error) => error_page(tr, None, error.into()),
    }
}

/// The answer to a client that failed too often: the page with its message, HTTP 429 and how many
/// seconds to wait.
pub(crate) fn too_many_attempts(page: impl Template, retry_after_seconds: i64) -> Response {
    let mut response = render(&page, StatusCode::TOO_MANY_REQUESTS);
    if let Ok(value) = header::HeaderValue::from_str(&retry_after_seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// Signed in at last (after the password, or the password and the code): the session cookie, the
/// language chosen on the sign-in page kept as the user's own.
pub(crate) async fn session_opened(state: &AppState, jar: CookieJar, session: app::OpenedSession) -> Response {
    let chosen = jar.get(LANG_COOKIE).and_then(|cookie| Locale::parse(cookie.value()).ok());
    if let Some(locale) = chosen.filter(|locale| *locale != session.user.locale) {
        let actor = Actor::User { id: session.user.id.clone(), role: session.user.role };
        if let Err(error) = state.app.set_locale(&actor, now(), locale).await {
            tracing::warn!(%error, "could not keep the language chosen at sign-in");
        }
    }
    let jar = jar
        .add(private_cookie(&state.config, SESSION_COOKIE, session.token))
        .remove(removal(LOGIN_CSRF_COOKIE))
        .remove(removal(CHALLENGE_COOKIE));
    (jar, Redirect::to("/")).into_response()
}

async fn logout(State(state): State<AppState>, member: Member, jar: CookieJar, Form(form): Form<CsrfForm>) -> Reply {
    require_csrf(&member, &form.csrf)?;
    Layout::member_at(&member, "", "/").check(state.app.sign_out(&member.token).await)?;
    Ok((jar.remove(removal(SESSION_COOKIE)), Redirect::to("/login")).into_response())
}

async fn set_locale(State(state): State<AppState>, member: Member, Form(form): Form<LocaleForm>) -> Reply {
    require_csrf(&member, &form.csrf)?;
    let layout = Layout::member_at(&member, "", "/");
    let locale = parse_locale(&form.locale).ok_or_else(|| layout.fail(Failure::new(ErrorCode::BadRequest)))?;
    layout.check(state.app.set_locale(&member.actor(), now(), locale).await)?;
    redirect(if is_local_path(&form.back) { form.back.as_str() } else { "/" })
}

// ---------------------------------------------------------------------------------------------
// Overview and lists.

async fn home(State(state): State<AppState>, member: Member, uri: Uri) -> Reply {
    let layout = Layout::member(&member, "home", &uri);
    let counts = layout.check(state.app.counts(&member.actor()).await)?;
    let tr = layout.tr;
    let row = |id: &str, n: i64, href: Option<&str>| {
        let label = match href {
            Some(href) => Cell::link(tr.t(id), href.to_owned()),
            None => Cell::text(tr.t(id)),
        };
        vec![label, Cell::number(n)]
    };
    let mut rows = vec![
        row("count-registry", counts.registry_persons, Some("/registry")),
        row("count-persons", counts.persons, Some("/persons")),
        row("count-incidents", counts.incidents, Some("/incidents")),
        row("count-units", counts.units, Some("/units")),
        row("count-sources", counts.sources, Some("/sources")),
        row("count-records", counts.records, None),
        row("count-allegations", counts.allegations, None),
        row("count-events", counts.events, None),
    ];
    // Administrators reach the accounts (locks, second factors) from here.
    if state.app.may(&member.actor(), domain::access::Action::ManageUsers) {
        let accounts = layout.check(state.app.accounts(&member.actor(), now()).await)?;
        rows.push(row("count-accounts", accounts.len() as i64, Some("/accounts")));
    }
    let mut table = Table::new(tr, "home-title", &["count-kind", "count-number"], rows);
    table.caption = Some(tr.t("home-counts-caption"));
    table.class = "compact";
    let page = ListPage {
        heading: tr.t("home-title"),
        intro: Some(tr.t("home-intro")),
        table,
        first_href: None,
        next_href: None,
        layout,
    };
    show(&page)
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    after: Option<String>,
}

/// The four lists differ only in what they fetch and how their columns are labelled.
#[derive(Debug, Clone, Copy)]
enum ListKind {
    Persons,
    Incidents,
    Units,
    Sources,
}

impl ListKind {
    fn section(self) -> &'static str {
        match self {
            ListKind::Persons => "persons",
            ListKind::Incidents => "incidents",
            ListKind::Units => "units",
            ListKind::Sources => "sources",
        }
    }

    fn headers(self) -> [&'static str; 3] {
        match self {
            ListKind::Persons => ["col-name", "col-birth-date", "col-gender"],
            ListKind::Incidents => ["col-title", "col-date", "col-place"],
            ListKind::Units => ["col-name", "col-kind", "col-base"],
            ListKind::Sources => ["col-title", "col-kind", "col-publisher"],
        }
    }

    fn row(self, tr: Tr, summary: app::Summary) -> Vec<Cell> {
        let href = format!("/{}/{}", self.section(), summary.id);
        let title = if summary.title.is_empty() { summary.id.clone() } else { summary.title };
        let (detail, extra) = match self {
            ListKind::Persons => (summary.detail, tr.code("gender", &summary.extra)),
            ListKind::Incidents => (summary.detail, summary.extra),
            ListKind::Units => (tr.code("unit-kind", &summary.detail), summary.extra),
            ListKind::Sources => (tr.code("source-kind", &summary.detail), summary.extra),
        };
        vec![Cell::link(title, href), Cell::text(detail), Cell::text(extra)]
    }
}

async fn list(state: AppState, member: Member, uri: Uri, kind: ListKind, query: ListQuery) -> Reply {
    let layout = Layout::member(&member, kind.section(), &uri);
    let actor = member.actor();
    let after = query.after.as_deref();
    let page = match kind {
        ListKind::Persons => state.app.persons(&actor, after, PAGE_SIZE).await,
        ListKind::Incidents => state.app.incidents(&actor, after, PAGE_SIZE).await,
        ListKind::Units => state.app.units(&actor, after, PAGE_SIZE).await,
        ListKind::Sources => state.app.sources(&actor, after, PAGE_SIZE).await,
    };
    let page = layout.check(page)?;
    let tr = layout.tr;
    let path = format!("/{}", kind.section());
    let rows = page.items.into_iter().map(|summary| kind.row(tr, summary)).collect();
    let heading_id = format!("{}-title", kind.section());
    let mut table = Table::new(tr, &heading_id, &kind.headers(), rows);
    table.empty = tr.t("list-empty");
    let page = ListPage {
        heading: tr.t(&heading_id),
        intro: None,
        table,
        first_href: after.filter(|a| !a.is_empty()).map(|_| path.clone()),
        // Ids are `[a-z0-9_]`, so they need no escaping in a query string.
        next_href: page.next.map(|next| format!("{path}?after={next}")),
        layout,
    };
    show(&page)
}

async fn persons(State(state): State<AppState>, member: Member, uri: Uri, Query(query): Query<ListQuery>) -> Reply {
    list(state, member, uri, ListKind::Persons, query).await
}

async fn incidents(State(state): State<AppState>, member: Member, uri: Uri, Query(query): Query<ListQuery>) -> Reply {
    list(state, member, uri, ListKind::Incidents, query).await
}

async fn units(State(state): State<AppState>, member: Member, uri: Uri, Query(query): Query<ListQuery>) -> Reply {
    list(state, member, uri, ListKind::Units, query).await
}

async fn sources(State(state): State<AppState>, member: Member, uri: Uri, Query(query): Query<ListQuery>) -> Reply {
    list(state, member, uri, ListKind::Sources, query).await
}

// ---------------------------------------------------------------------------------------------
// Detail pages.

/// The records table; `labels` names each record's source, or `None` to leave the source column out.
fn records_table(tr: Tr, heading_id: &str, records: &[domain::entity::Record], labels: Option<&app::Labels>) -> Table {
    let rows = records
        .iter()
        .map(|record| {
            let fields = &record.fields;
            let name = fields.full_name.clone().unwrap_or_else(|| {
                [&fields.surname, &fields.given_name, &fields.patronymic]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            let mut row = vec![
                Cell::text(name),
                Cell::number(record.row_number),
                Cell::text(fields.birth_date.map(|d| d.to_string()).unwrap_or_default()),
                Cell::text(fields.death_date.map(|d| d.to_string()).unwrap_or_default()),
                Cell::text(fields.place.clone().unwrap_or_default()),
            ];
            if let Some(labels) = labels {
                let source_id = &record.source_id;
                row.push(Cell::link(labels.source(source_id), format!("/sources/{source_id}")));
            }
            row
        })
        .collect();
    let mut headers = vec!["col-name", "col-row", "col-birth-date", "field-death-date", "col-place"];
    if labels.is_some() {
        headers.push("col-source");
    }
    Table::new(tr, heading_id, &headers, rows)
}

fn subject_href(subject: &Subject) -> String {
    match subject {
        Subject::Unit(id) => format!("/units/{id}"),
        Subject::Person(id) => format!("/persons/{id}"),
    }
}

async fn person(State(state): State<AppState>, member: Member, uri: Uri, Path(id): Path<String>) -> Reply {
    let layout = Layout::member(&member, "persons", &uri);
    let detail = layout.check(state.app.person(&member.actor(), &id).await)?;
    let tr = layout.tr;
    let person = &detail.person;
    let facts = vec![
        fact(tr, "field-id", person.id.to_string()),
        fact(tr, "field-gender", or_unknown(tr, person.gender.map(|g| tr.code("gender", g.as_str())))),
        fact(tr, "field-birth-date", or_unknown(tr, person.birth_date.map(|d| d.to_string()))),
        fact(tr, "field-death-date", person.death_date.map(|d| d.to_string()).unwrap_or_default()),
        fact(tr, "field-notes", person.notes.clone()),
    ];
    let names = person
        .names
        .iter()
        .map(|name| {
            vec![
                Cell::text(name.text.clone()),
                Cell::text(tr.code("script", name.script.as_str())),
                Cell::text(name.scheme.clone().unwrap_or_default()),
            ]
        })
        .collect();
    let violations = detail
        .violations
        .iter()
        .map(|v| {
            vec![
                Cell::link(v.incident_title.clone(), format!("/incidents/{}", v.incident_id)),
                Cell::text(v.date.clone()),
                Cell::text(v.place.clone()),
                Cell::text(tr.code("violation", v.kind.as_str())),
            ]
        })
        .collect();
    let postings = detail
        .postings
        .iter()
        .map(|p| {
            vec![
                Cell::link(p.unit_name.clone(), format!("/units/{}", p.posting.unit_id)),
                Cell::text(p.posting.role.clone()),
                Cell::text(p.posting.rank.clone().unwrap_or_default()),
                Cell::text(p.posting.start.map(|d| d.to_string()).unwrap_or_default()),
                Cell::text(p.posting.end.map(|d| d.to_string()).unwrap_or_default()),
            ]
        })
        .collect();
    let (registry_facts, registry_sections) = crate::registry_pages::person_sections(tr, &detail);
    let mut facts = facts;
    facts.extend(registry_facts);
    let mut sections = vec![Table::new(tr, "section-names", &["col-name", "col-script", "col-scheme"], names)];
    if detail.registry.is_some() {
        // A person of the victim registry: their records and lists first.
        sections.push(records_table(tr, "section-records", &detail.records, Some(&detail.labels)));
        sections.extend(registry_sections);
        sections.push(Table::new(
            tr,
            "section-violations",
            &["col-incident", "col-date", "col-place", "col-violation"],
            violations,
        ));
    } else {
        sections.push(Table::new(
            tr,
            "section-violations",
            &["col-incident", "col-date", "col-place", "col-violation"],
            violations,
        ));
        sections.push(Table::new(
            tr,
            "section-postings",
            &["col-unit", "col-role", "col-rank", "col-start", "col-end"],
            postings,
        ));
        sections.push(records_table(tr, "section-records", &detail.records, Some(&detail.labels)));
    }
    let heading =
        if person.display_name().is_empty() { person.id.to_string() } else { person.display_name().to_owned() };
    detail_page(layout, heading, facts, sections)
}

async fn incident(State(state): State<AppState>, member: Member, uri: Uri, Path(id): Path<String>) -> Reply {
    let layout = Layout::member(&member, "incidents", &uri);
    let detail = layout.check(state.app.incident(&member.actor(), &id).await)?;
    let tr = layout.tr;
    let incident = &detail.incident;
    let facts = vec![
        fact(tr, "field-id", incident.id.to_string()),
        fact(tr, "field-date", incident.date.to_string()),
        fact(tr, "field-place", incident.place.name.clone()),
        fact(tr, "field-region-at-event", incident.place.region_at_event.clone()),
        fact(tr, "field-current-region", incident.place.current_region.clone()),
        fact(tr, "field-description", incident.description.clone()),
    ];
    let violations = incident
        .violations
        .iter()
        .map(|v| {
            let victim = match &v.victim {
                Some(person_id) => Cell::link(detail.labels.person(person_id), format!("/persons/{person_id}")),
                None => Cell::text(tr.t("victim-unnamed")),
            };
            vec![Cell::text(tr.code("violation", v.kind.as_str())), victim, Cell::number(v.victim_count)]
        })
        .collect();
    let attributions = detail
        .attributions
        .iter()
        .map(|a| {
            vec![
                Cell::link(a.subject_name.clone(), subject_href(&a.attribution.subject)),
                Cell::text(a.attribution.role.clone()),
                Cell::text(tr.code("confidence", a.attribution.confidence.as_str())),
            ]
        })
        .collect();
    let sources = incident
        .source_ids
        .iter()
        .map(|source_id| {
            vec![
                Cell::link(detail.labels.source(source_id), format!("/sources/{source_id}")),
                Cell::text(source_id.to_string()),
            ]
        })
        .collect();
    let mut sections = vec![
        Table::new(tr, "section-violations", &["col-violation", "col-victim", "col-victims"], violations),
        Table::new(tr, "section-attributions", &["col-subject", "col-role", "col-confidence"], attributions),
        Table::new(tr, "section-sources", &["col-title", "col-id"], sources),
    ];
    let (testimonies, allegations) = layout.check(state.app.incident_statements(&member.actor(), &id).await)?;
    let testimonies = testimonies
        .iter()
        .map(|t| {
            vec![Cell::link(t.id.to_string(), format!("/testimonies/{}", t.id)), Cell::text(t.given_on.to_string())]
        })
        .collect();
    let allegations = allegations
        .iter()
        .map(|a| {
            let kind = Cell::text(tr.code("violation", a.kind.as_str()));
            vec![Cell::link(a.id.to_string(), format!("/allegations/{}", a.id)), kind]
        })
        .collect();
    sections.push(Table::new(tr, "section-testimonies", &["col-id", "col-date"], testimonies));
    sections.push(Table::new(tr, "section-allegations", &["col-id", "col-violation"], allegations));
    detail_page(layout, incident.title.clone(), facts, sections)
}

/// The question of the page "which units and commanders were at this place on this date".
#[derive(Debug, Deserialize)]
struct PlaceQuery {
    place: Option<String>,
    on: Option<String>,
}

#[derive(Template)]
#[template(path = "units_at.html")]
struct UnitsAtPage {
    layout: Layout,
    place: String,
    on: String,
    answer: Option<Table>,
}

async fn units_at(State(state): State<AppState>, member: Member, uri: Uri, Query(query): Query<PlaceQuery>) -> Reply {
    let layout = Layout::member(&member, "units", &uri);
    layout.require(state.app.may(&member.actor(), domain::access::Action::ReadRegistry))?;
    let tr = layout.tr;
    let place = query.place.unwrap_or_default();
    let on = query.on.unwrap_or_default();
    let mut answer = None;
    if !place.trim().is_empty() && !on.trim().is_empty() {
        let day = layout.check(domain::date::parse_date(on.trim()).map_err(app::Error::from))?;
        let found = layout.check(state.app.units_at(&member.actor(), &place, day).await)?;
        let rows = found
            .units
            .iter()
            .map(|u| {
                let d = &u.deployment;
                let commanders = u
                    .commanders
                    .iter()
                    .map(|c| {
                        format!("{} ({}, {})", c.person_name, c.posting.role, found.labels.source(&c.posting.source_id))
                    })
                    .collect::<Vec<_>>();
                vec![
                    Cell::link(u.unit_name.clone(), format!("/units/{}?on={day}", d.unit_id)),
                    Cell::text(d.place.name.clone()),
                    Cell::text(d.start.to_string()),
                    Cell::text(d.end.map_or_else(|| tr.t("ongoing"), |e| e.to_string())),
                    Cell::text(commanders.join("; ")),
                    Cell::link(found.labels.source(&d.source_id), format!("/sources/{}", d.source_id)),
                ]
            })
            .collect();
        let mut table = Table::new(
            tr,
            "units-at-title",
            &["col-unit", "col-place", "col-start", "col-end", "col-commanders", "col-source"],
            rows,
        );
        table.heading = tr.t_args("units-at-answer", &[("name", found.place.clone()), ("shown", day.to_string())]);
        answer = Some(table);
    }
    show(&UnitsAtPage { layout, place, on, answer })
}

/// The day a unit page shows its commanders on (`?on=YYYY-MM-DD`).
#[derive(Debug, Deserialize)]
struct OnQuery {
    on: Option<String>,
}

async fn unit(
    State(state): State<AppState>,
    member: Member,
    uri: Uri,
    Path(id): Path<String>,
    Query(query): Query<OnQuery>,
) -> Reply {
    let layout = Layout::member(&member, "units", &uri);
    let detail = layout.check(state.app.unit(&member.actor(), &id).await)?;
    let tr = layout.tr;
    let unit = &detail.unit;
    let date = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let facts = vec![
        fact(tr, "field-id", unit.id.to_string()),
        fact(tr, "field-kind", tr.code("unit-kind", unit.kind.as_str())),
        fact(tr, "field-base", unit.base.clone().unwrap_or_default()),
    ];
    let names = unit
        .names
        .iter()
        .map(|n| {
            vec![
                Cell::text(n.name.clone()),
                Cell::text(tr.code("locale", &n.language)),
                Cell::text(date(n.valid_from)),
                Cell::text(date(n.valid_to)),
            ]
        })
        .collect();
    let parents = unit
        .parents
        .iter()
        .zip(&detail.parent_names)
        .map(|(parent, name)| {
            let name = if name.is_empty() { parent.parent_id.to_string() } else { name.clone() };
            vec![
                Cell::link(name, format!("/units/{}", parent.parent_id)),
                Cell::text(date(parent.valid_from)),
                Cell::text(date(parent.valid_to)),
            ]
        })
        .collect();
    let children = detail.children.iter().cloned().map(|summary| ListKind::Units.row(tr, summary)).collect();
    let members = detail
        .postings
        .iter()
        .map(|p| {
            vec![
                Cell::link(p.person_name.clone(), format!("/persons/{}", p.posting.person_id)),
                Cell::text(p.posting.role.clone()),
                Cell::text(p.posting.rank.clone().unwrap_or_default()),
                Cell::text(date(p.posting.start)),
                Cell::text(date(p.posting.end)),
                Cell::link(detail.labels.source(&p.posting.source_id), format!("/sources/{}", p.posting.source_id)),
            ]
        })
        .collect();
    let deployments = detail
        .deployments
        .iter()
        .map(|d| {
            vec![
                Cell::text(d.place.name.clone()),
                Cell::text(d.place.region_at_event.clone()),
                Cell::text(d.start.to_string()),
                Cell::text(d.end.map_or_else(|| tr.t("ongoing"), |e| e.to_string())),
                Cell::link(detail.labels.source(&d.source_id), format!("/sources/{}", d.source_id)),
            ]
        })
        .collect();
    let assistance = detail
        .assistance
        .iter()
        .map(|a| {
            vec![
                Cell::text(a.programme.clone()),
                Cell::text(a.provider.clone()),
                Cell::text(tr.code("assistance-kind", a.kind.as_str())),
                Cell::text(date(a.start)),
                Cell::text(date(a.end)),
                Cell::link(detail.labels.source(&a.source_id), format!("/sources/{}", a.source_id)),
            ]
        })
        .collect();
    let attributions = detail
        .attributions
        .iter()
        .map(|a| {
            let sources = a.attribution.source_ids.iter().map(|s| detail.labels.source(s)).collect::<Vec<_>>();
            vec![
                Cell::link(a.incident_title.clone(), format!("/incidents/{}", a.attribution.incident_id)),
                Cell::text(a.incident_date.clone()),
                Cell::text(a.attribution.role.clone()),
                Cell::text(tr.code("confidence", a.attribution.confidence.as_str())),
                Cell::text(sources.join("; ")),
            ]
        })
        .collect();
    let mut commanders = None;
    if let Some(on) = query.on.as_deref().filter(|on| !on.is_empty()) {
        let day = layout.check(domain::date::parse_date(on).map_err(app::Error::from))?;
        let postings = layout.check(state.app.commanders_on(&member.actor(), &id, day).await)?;
        let rows = postings
            .iter()
            .map(|p| {
                vec![
                    Cell::link(p.person_name.clone(), format!("/persons/{}", p.posting.person_id)),
                    Cell::text(p.posting.role.clone()),
                    Cell::text(p.posting.rank.clone().unwrap_or_default()),
                    Cell::text(date(p.posting.start)),
                    Cell::text(date(p.posting.end)),
                ]
            })
            .collect();
        let mut table = Table::new(
            tr,
            "section-commanders-on",
            &["col-person", "col-role", "col-rank", "col-start", "col-end"],
            rows,
        );
        table.heading = tr.t_args("section-commanders-on", &[("name", day.to_string())]);
        commanders = Some(table);
    }
    let mut sections = vec![
        Table::new(tr, "section-names", &["col-name", "language-label", "col-start", "col-end"], names),
        Table::new(tr, "section-parents", &["col-unit", "col-start", "col-end"], parents),
        Table::new(tr, "section-children", &["col-name", "col-kind", "col-base"], children),
        Table::new(
            tr,
            "section-members",
            &["col-person", "col-role", "col-rank", "col-start", "col-end", "col-source"],
            members,
        ),
        Table::new(
            tr,
            "section-deployments",
            &["col-place", "col-region-at-event", "col-start", "col-end", "col-source"],
            deployments,
        ),
        Table::new(
            tr,
            "section-assistance",
            &["col-programme", "col-provider", "col-kind", "col-start", "col-end", "col-source"],
            assistance,
        ),
        Table::new(
            tr,
            "section-unit-attributions",
            &["col-incident", "col-date", "col-role", "col-confidence", "section-sources"],
            attributions,
        ),
    ];
    if let Some(commanders) = commanders {
        sections.insert(0, commanders);
    }
    let heading = if unit.display_name().is_empty() { unit.id.to_string() } else { unit.display_name().to_owned() };
    detail_page(layout, heading, facts, sections)
}

async fn source(State(state): State<AppState>, member: Member, uri: Uri, Path(id): Path<String>) -> Reply {
    let layout = Layout::member(&member, "sources", &uri);
    let detail = layout.check(state.app.source(&member.actor(), &id).await)?;
    let tr = layout.tr;
    let source = &detail.source;
    let mut url = fact(tr, "field-url", source.url.clone().unwrap_or_default());
    // Only web addresses become links; anything else (a `javascript:` URL) stays text.
    if url.value.starts_with("https://") || url.value.starts_with("http://") {
        url.href = Some(url.value.clone());
    }
    let facts = vec![
        fact(tr, "field-id", source.id.to_string()),
        fact(tr, "field-kind", tr.code("source-kind", source.kind.as_str())),
        fact(tr, "field-publisher", source.publisher.clone()),
        fact(tr, "field-published-on", or_unknown(tr, source.published_on.map(|d| d.to_string()))),
        url,
        fact(tr, "field-reliability", tr.code("reliability", source.reliability.as_str())),
        fact(tr, "field-n-records", detail.n_records.to_string()),
        fact(tr, "field-notes", source.notes.clone()),
    ];
    let mut facts = facts;
    facts.push(Fact {
        href: Some(format!("/sources/{}/mapping", source.id)),
        ..fact(tr, "source-mapping", tr.t(if detail.mapping.is_some() { "mapping-saved" } else { "mapping-standard" }))
    });
    if state.app.may(&member.actor(), domain::access::Action::ImportSources) {
        facts.push(Fact {
            href: Some(format!("/import?source={}", source.id)),
            ..fact(tr, "source-import", tr.t("import-title"))
        });
    }
    let mut records = records_table(tr, "section-records", &detail.records, None);
    let shown = detail.records.len() as i64;
    if shown < detail.n_records {
        records.note = Some(
            tr.t_args("field-records-shown", &[("shown", shown.to_string()), ("total", detail.n_records.to_string())]),
        );
    }
    let imports = detail
        .imports
        .iter()
        .map(|import| {
            vec![
                Cell::link(import.file_name.clone(), format!("/imports/{}", import.id)),
                Cell::text(import.imported_at.to_rfc3339().get(..10).unwrap_or_default().to_owned()),
                Cell::number(import.n_records),
                Cell::number(import.n_problems),
            ]
        })
        .collect();
    let imports =
        Table::new(tr, "section-imports", &["import-file", "col-date", "col-records", "import-n-problems"], imports);
    detail_page(layout, source.title.clone(), facts, vec![records, imports])
}
