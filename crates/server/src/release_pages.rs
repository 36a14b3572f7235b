//! Publication's pages: the public list of releases, a release's page and its bundle (for anyone,
//! signed in or not), and the reviewer's preview and approval of a new release.
//!
//! Public pages show only what a release already publishes: its own files, hashes and redaction
//! report. Permission checks stay in `app`; handlers only convert.

use askama::Template;
use axum::extract::FromRequestParts;
use axum::extract::{Path, Query, State};
use axum::http::request::Parts;
use axum::http::{Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use axum_extra::extract::cookie::CookieJar;
use domain::access::Action;
use domain::id::ReleaseId;
use serde::Deserialize;

use crate::error::{ErrorCode, Failure};
use crate::i18n::{Tr, parse_locale};
use crate::session::{Member, Visitor, lang_cookie};
use crate::view::{Cell, Fact, Layout, Reply, Table, fact, redirect, require_csrf, show};
use crate::{AppState, now};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/releases", get(list).post(publish))
        .route("/releases/new", get(preview))
        .route("/releases/{id}", get(release))
        .route("/releases/{id}/bundle", get(bundle))
}

#[derive(Debug, Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

/// The layout of a public page: a member's, or an anonymous visitor's whose language switch
/// returns to this page (`?lang=` chooses the language and sets its cookie).
struct Public {
    jar: CookieJar,
    layout: Layout,
}

impl FromRequestParts<AppState> for Public {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Public, Response> {
        let visitor = Visitor::from_request_parts(parts, state).await?;
        let jar = CookieJar::from_headers(&parts.headers);
        if let Some(member) = &visitor.member {
            return Ok(Public { jar, layout: Layout::member(member, "releases", &parts.uri) });
        }
        let lang = Query::<LangQuery>::try_from_uri(&parts.uri).ok().and_then(|query| query.0.lang);
        let (jar, tr) = match lang.as_deref().and_then(parse_locale) {
            Some(locale) => (jar.add(lang_cookie(&state.config, locale)), Tr::new(locale)),
            None => (jar, visitor.tr),
        };
        Ok(Public { jar, layout: Layout { back: parts.uri.path().to_owned(), ..Layout::anonymous(tr) } })
    }
}

fn date_time(timestamp: domain::date::Timestamp) -> String {
    let text = timestamp.to_rfc3339();
    match (text.get(..10), text.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => text,
    }
}

#[derive(Template)]
#[template(path = "releases.html")]
struct ReleasesPage {
    layout: Layout,
    table: Table,
    can_publish: bool,
    /// The deployment's signer and public key, when it has a signing key.
    signer: Option<(String, String)>,
}

async fn list(State(state): State<AppState>, visitor: Visitor, Public { jar, layout }: Public) -> Reply {
    let releases = layout.check(state.app.releases().await)?;
    let tr = layout.tr;
    let rows = releases
        .iter()
        .map(|r| {
            vec![
                Cell::link(r.title.clone(), format!("/releases/{}", r.id)),
                Cell::text(date_time(r.published_at)),
                Cell::text(r.approved_by.clone()),
                Cell::text(r.signer.clone()),
            ]
        })
        .collect();
    let mut table = Table::new(
        tr,
        "releases-title",
        &["release-title", "release-published-at", "release-approved-by", "release-signer"],
        rows,
    );
    table.empty = tr.t("releases-none");
    let can_publish = visitor.member.as_ref().is_some_and(|m| state.app.may(&m.actor(), Action::PublishRelease));
    let page = ReleasesPage { layout, table, can_publish, signer: state.app.signer() };
    Ok((jar, show(&page)?).into_response())
}

#[derive(Template)]
#[template(path = "release.html")]
struct ReleasePage {
    layout: Layout,
    heading: String,
    facts: Vec<Fact>,
    bundle_href: String,
    bundle_name: String,
    verify_command: String,
    sections: Vec<Table>,
}

/// The redaction report as tables: data sets, fields withheld, tables withheld, suppressed counts.
fn report_tables(tr: Tr, report: &app::RedactionReport) -> Vec<Table> {
    let datasets = report
        .datasets
        .iter()
        .map(|d| {
            vec![
                Cell::text(tr.code("release-dataset", d.dataset)),
                Cell::number(d.n_rows),
                Cell::text(d.fields.join(", ")),
            ]
        })
        .collect();
    let withheld = report
        .datasets
        .iter()
        .flat_map(|d| {
            d.withheld.iter().map(move |w| {
                let reason = if w.reason == domain::publish::REASON_SEALED {
                    tr.t("release-reason-sealed")
                } else {
                    tr.t("release-reason-not-allowed")
                };
                vec![Cell::text(format!("{}.{}", d.dataset, w.field)), Cell::number(w.n_values), Cell::text(reason)]
            })
        })
        .collect();
    let tables = report
        .tables
        .iter()
        .map(|(table, n, _)| vec![Cell::text(*table), Cell::number(n), Cell::text(tr.code("release-withheld", table))])
        .collect();
    let suppressed = report
        .suppressed
        .iter()
        .map(|(table, n)| vec![Cell::text(tr.code("release-statistic", table)), Cell::number(n)])
        .collect();
    let mut sections = vec![
        Table::new(tr, "release-datasets", &["release-dataset", "release-rows", "release-fields"], datasets),
        Table::new(
            tr,
            "release-fields-withheld",
            &["release-field", "release-values-withheld", "release-reason"],
            withheld,
        ),
        Table::new(
            tr,
            "release-tables-withheld",
            &["release-table", "release-rows-withheld", "release-reason"],
            tables,
        ),
        Table::new(tr, "release-suppressed", &["release-table", "release-counts-suppressed"], suppressed),
    ];
    sections[3].note = Some(tr.t_args("release-suppressed-note", &[("total", report.min_count.to_string())]));
    sections
}

async fn release(State(state): State<AppState>, Public { jar, layout }: Public, Path(id): Path<String>) -> Reply {
    let id = ReleaseId::parse(&id).map_err(|_| layout.fail(Failure::new(ErrorCode::NotFound)))?;
    let detail = layout.check(state.app.release(&id).await)?;
    let tr = layout.tr;
    let s = &detail.summary;
    let facts = vec![
        fact(tr, "release-published-at", date_time(s.published_at)),
        fact(tr, "release-approved-by", s.approved_by.clone()),
        fact(tr, "release-signer", s.signer.clone()),
        fact(tr, "release-public-key", s.public_key.clone()),
        fact(
            tr,
            "release-head",
            tr.t_args("release-head-value", &[("total", s.head_seq.to_string()), ("name", s.head_hash.clone())]),
        ),
    ];
    let files = detail
        .files
        .iter()
        .map(|f| vec![Cell::text(f.name.clone()), Cell::number(f.size), Cell::text(f.sha256.clone())])
        .collect();
    let mut sections =
        vec![Table::new(tr, "release-files", &["release-file", "release-size", "release-sha256"], files)];
    sections.extend(report_tables(tr, &detail.report));
    if !detail.report.notes.is_empty() {
        let mut notes = Table::new(tr, "release-notes", &["release-note"], Vec::new());
        notes.rows = detail.report.notes.iter().map(|n| vec![Cell::text(n.clone())]).collect();
        sections.push(notes);
    }
    let bundle_name = format!("aqiqat-release-{id}.tar");
    let page = ReleasePage {
        heading: s.title.clone(),
        facts,
        bundle_href: format!("/releases/{id}/bundle"),
        verify_command: format!("aqiqat verify-release {bundle_name} --key {}", s.public_key),
        bundle_name,
        sections,
        layout,
    };
    Ok((jar, show(&page)?).into_response())
}

async fn bundle(State(state): State<AppState>, visitor: Visitor, Path(id): Path<String>) -> Reply {
    let layout = Layout::anonymous(visitor.tr);
    let id = ReleaseId::parse(&id).map_err(|_| layout.fail(Failure::new(ErrorCode::NotFound)))?;
    let (name, bytes) = layout.check(state.app.release_bundle(&id).await)?;
    let headers = [
        (header::CONTENT_TYPE, "application/x-tar".to_owned()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
    ];
    Ok((headers, bytes).into_response())
}

#[derive(Template)]
#[template(path = "release_new.html")]
struct NewReleasePage {
    layout: Layout,
    sections: Vec<Table>,
    min_count: u64,
    has_signer: bool,
}

#[derive(Debug, Deserialize)]
struct PreviewQuery {
    min_count: Option<u64>,
}

async fn preview(State(state): State<AppState>, member: Member, uri: Uri, Query(query): Query<PreviewQuery>) -> Reply {
    let layout = Layout::member(&member, "releases", &uri);
    let min_count = query.min_count.unwrap_or(domain::publish::DEFAULT_MIN_COUNT).clamp(2, 100);
    let preview = layout.check(state.app.release_preview(&member.actor(), min_count).await)?;
    let sections = report_tables(layout.tr, &preview.report);
    show(&NewReleasePage { has_signer: state.app.signer().is_some(), layout, sections, min_count })
}

/// The approval form. Missing fields are empty, so a bare POST fails the CSRF check (403).
#[derive(Deserialize)]
struct PublishForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    min_count: Option<u64>,
}

async fn publish(State(state): State<AppState>, member: Member, Form(form): Form<PublishForm>) -> Reply {
    require_csrf(&member, &form.csrf)?;
    let layout = Layout::member_at(&member, "releases", "/releases/new");
    let request = app::ReleaseRequest {
        title: form.title,
        min_count: form.min_count.unwrap_or(domain::publish::DEFAULT_MIN_COUNT).clamp(2, 100),
    };
    let id = layout.check(state.app.publish_release(&member.actor(), now(), request).await)?;
    redirect(&format!("/releases/{id}"))
}
