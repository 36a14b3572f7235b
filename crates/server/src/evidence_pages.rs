//! The evidence vault's pages and its upload API: the list of evidence items with the export form,
//! the upload form (an original, or a working copy derived from one), an item's page (hash, size,
//! media type, custody log, original and working copies, the download and transfer forms); the
//! upload API is `api_evidence.rs`.
//!
//! Uploads stream: each chunk of the body (or of the form's file part) goes to `app::Upload`,
//! which hashes and writes it; the whole file is never in memory. Downloads and exports are POST
//! forms, so that a crawl or a prefetch never records a `viewed` or `exported` entry; `app`
//! commits the entry before the first byte is sent.

use askama::Template;
use axum::body::{Body, Bytes};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::access::Action;
use domain::entity::Evidence;
use domain::id::{EvidenceId, IncidentId};
use serde::Deserialize;
use tokio::io::AsyncReadExt;

use crate::error::{ErrorCode, Failure};
use crate::registry_pages::date_time;
use crate::session::{Member, csrf_matches};
use crate::view::{Cell, Fact, Layout, Reply, Table, csrf_field, fact, redirect, require_csrf, show};
use crate::{AppState, now};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/evidence", get(list))
        .route("/evidence/new", get(upload_form))
        .route("/evidence/export", post(export))
        .route("/evidence/{id}", get(item))
        .route("/evidence/{id}/download", post(download))
        .route("/evidence/{id}/transfer", post(transfer))
}

/// The upload routes: their body limit is the vault's, not a form's.
pub(crate) fn upload_routes(max_bytes: u64) -> Router<AppState> {
    let limit = usize::try_from(max_bytes.saturating_add(FORM_OVERHEAD)).unwrap_or(usize::MAX);
    Router::new().route("/evidence", post(upload)).layer(DefaultBodyLimit::max(limit))
}

/// Room for a form's other fields and the multipart boundaries around the file.
pub(crate) const FORM_OVERHEAD: u64 = 64 * 1024;

fn size_text(layout: &Layout, bytes: u64) -> String {
    layout.tr.t_args("import-bytes", &[("total", bytes.to_string())])
}

fn item_href(id: &EvidenceId) -> String {
    format!("/evidence/{id}")
}

// ---------------------------------------------------------------------------------------------
// The list and the export.

#[derive(Template)]
#[template(path = "evidence_list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<ListRow>,
}

struct ListRow {
    id: String,
    title: String,
    href: String,
    kind: String,
    media_type: String,
    size: String,
    received: String,
    n_custody: u64,
    in_vault: bool,
}

async fn list(State(state): State<AppState>, member: Member, uri: Uri) -> Reply {
    let layout = Layout::member(&member, "evidence", &uri);
    let rows = layout.check(state.app.evidence_list(&member.actor()).await)?;
    let rows = rows
        .into_iter()
        .map(|row| {
            let e = row.evidence;
            ListRow {
                href: item_href(&e.id),
                id: e.id.to_string(),
                kind: layout.t(if e.derived_from.is_some() { "evidence-working-copy" } else { "evidence-original" }),
                title: e.title,
                media_type: e.media_type,
                size: size_text(&layout, e.size_bytes),
                received: date_time(e.received_at),
                n_custody: row.n_custody,
                in_vault: row.n_custody > 0,
            }
        })
        .collect();
    show(&ListPage { layout, rows })
}

async fn export(State(state): State<AppState>, member: Member, Form(form): Form<Vec<(String, String)>>) -> Reply {
    let layout = Layout::member_at(&member, "evidence", "/evidence");
    require_csrf(&member, csrf_field(&form))?;
    let mut ids = Vec::new();
    for (name, value) in &form {
        if name == "item" {
            ids.push(layout.check(EvidenceId::parse(value).map_err(app::Error::from))?);
        }
    }
    let note = form.iter().find(|(k, _)| k == "note").map_or("", |(_, v)| v.as_str());
    if ids.is_empty() {
        return Err(layout.fail(Failure::with_detail(ErrorCode::BadRequest, layout.t("evidence-export-none"))));
    }
    let bundle = layout.check(state.app.export_evidence(&member.actor(), now(), &ids, note).await)?;
    let file = layout.check(
        tokio::fs::File::open(&bundle.path)
            .await
            .map_err(|error| app::Error::BadInput { what: "evidence bundle", detail: error.to_string() }),
    )?;
    // The temporary file is removed once the response has been sent (or abandoned).
    Ok(stream_file(file, bundle.size, "application/x-tar", &bundle.file_name, Some(bundle.path)))
}

/// A file as a streamed attachment, read in chunks; `keep` lives as long as the stream (a
/// temporary file removed when it ends).
fn stream_file(
    file: tokio::fs::File,
    size: u64,
    media_type: &str,
    file_name: &str,
    keep: Option<tempfile::TempPath>,
) -> Response {
    let stream = futures_util::stream::unfold((file, keep), |(mut file, keep)| async move {
        let mut buffer = vec![0u8; 64 * 1024];
        match file.read(&mut buffer).await {
            Ok(0) => None,
            Ok(n) => {
                buffer.truncate(n);
                Some((Ok::<Bytes, std::io::Error>(Bytes::from(buffer)), (file, keep)))
            }
            Err(error) => Some((Err(error), (file, keep))),
        }
    });
    let safe_name: String =
        file_name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')).collect();
    let headers = [
        (header::CONTENT_TYPE, media_type.to_owned()),
        (header::CONTENT_LENGTH, size.to_string()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{safe_name}\"")),
    ];
    (headers, Body::from_stream(stream)).into_response()
}

// ---------------------------------------------------------------------------------------------
// Uploads.

#[derive(Template)]
#[template(path = "evidence_new.html")]
struct UploadPage {
    layout: Layout,
    /// The original a working copy is derived from, when the form was opened from its page.
    original: Option<(String, String)>,
    file_help: String,
}

#[derive(Debug, Deserialize)]
struct UploadQuery {
    derived_from: Option<String>,
}

async fn upload_form(
    State(state): State<AppState>,
    member: Member,
    uri: Uri,
    Query(query): Query<UploadQuery>,
) -> Reply {
    let layout = Layout::member(&member, "evidence", &uri);
    layout.require(state.app.may(&member.actor(), Action::HandleEvidence))?;
    let original = match query.derived_from.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => {
            let id = layout.check(EvidenceId::parse(id).map_err(app::Error::from))?;
            let detail = layout.check(state.app.evidence_detail(&member.actor(), &id).await)?;
            Some((detail.evidence.id.to_string(), detail.evidence.title))
        }
        None => None,
    };
    let max = state.app.vault().map_or(0, |v| v.max_bytes());
    let file_help = layout.tr.t_args("evidence-file-help", &[("total", (max / (1024 * 1024)).to_string())]);
    show(&UploadPage { layout, original, file_help })
}

/// The text fields of the upload form (read before the file, which must come last).
#[derive(Default)]
pub(crate) struct UploadFields {
    pub(crate) csrf: String,
    pub(crate) title: String,
    pub(crate) note: String,
    pub(crate) incident: String,
    pub(crate) derived_from: String,
    pub(crate) derivation: String,
}

fn optional<T>(text: &str, parse: impl Fn(&str) -> Result<T, domain::Error>) -> Result<Option<T>, Failure> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    parse(text).map(Some).map_err(|error| Failure::with_detail(ErrorCode::BadRequest, error.to_string()))
}

pub(crate) fn new_evidence(fields: &UploadFields, media_type: String) -> Result<app::NewEvidence, Failure> {
    Ok(app::NewEvidence {
        title: fields.title.clone(),
        media_type,
        incident_id: optional(&fields.incident, IncidentId::parse)?,
        derived_from: optional(&fields.derived_from, EvidenceId::parse)?,
        derivation: Some(fields.derivation.clone()).filter(|d| !d.trim().is_empty()),
        note: fields.note.clone(),
    })
}

fn multipart_failure(error: axum::extract::multipart::MultipartError) -> Failure {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Failure::new(ErrorCode::TooLarge)
    } else {
        Failure::new(ErrorCode::BadRequest)
    }
}

/// Reads the form: its text fields, then the file streamed into the vault. Nothing is written
/// before the CSRF token has been checked.
async fn read_upload(
    state: &AppState,
    member: &Member,
    mut multipart: Multipart,
) -> Result<app::AddedEvidence, Failure> {
    let mut fields = UploadFields::default();
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_failure)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            if !csrf_matches(&fields.csrf, member.csrf_token()) {
                return Err(Failure::new(ErrorCode::CsrfRejected));
            }
            let media_type = field.content_type().unwrap_or_default().to_owned();
            let new = new_evidence(&fields, media_type)?;
            let mut upload = state.app.begin_upload(&member.actor())?;
            while let Some(chunk) = field.chunk().await.map_err(multipart_failure)? {
                upload.write(&chunk).await?;
            }
            return Ok(state.app.add_evidence(&member.actor(), now(), upload, new).await?);
        }
        let text = field.text().await.map_err(multipart_failure)?;
        match name.as_str() {
            "csrf" => fields.csrf = text,
            "title" => fields.title = text,
            "note" => fields.note = text,
            "incident" => fields.incident = text,
            "derived_from" => fields.derived_from = text,
            "derivation" => fields.derivation = text,
            _ => {}
        }
    }
    if !csrf_matches(&fields.csrf, member.csrf_token()) {
        return Err(Failure::new(ErrorCode::CsrfRejected));
    }
    Err(Failure::new(ErrorCode::BadRequest))
}

async fn upload(
    State(state): State<AppState>,
    member: Member,
    multipart: Result<Multipart, MultipartRejection>,
) -> Reply {
    let layout = Layout::member_at(&member, "evidence", "/evidence/new");
    // The rule first, so a refused role learns nothing else and sends nothing to disk.
    layout.require(state.app.may(&member.actor(), Action::HandleEvidence))?;
    let multipart = multipart.map_err(|_| layout.fail(Failure::new(ErrorCode::BadRequest)))?;
    let added = read_upload(&state, &member, multipart).await.map_err(|failure| {
        if failure.code == ErrorCode::BadRequest && failure.detail.is_none() {
            layout.fail(Failure::with_detail(ErrorCode::BadRequest, layout.t("evidence-no-file")))
        } else {
            layout.fail(failure)
        }
    })?;
    let recognised = if added.recognised { "?recognised=1" } else { "" };
    redirect(&format!("{}{recognised}", item_href(&added.evidence.id)))
}

// ---------------------------------------------------------------------------------------------
// An item.

#[derive(Template)]
#[template(path = "evidence.html")]
struct ItemPage {
    layout: Layout,
    heading: String,
    id: String,
    facts: Vec<Fact>,
    recognised: bool,
    /// The chain's state in words: intact, or the entry where it breaks.
    chain: String,
    chain_ok: bool,
    in_vault: bool,
    may_handle: bool,
    is_original: bool,
    custody: Table,
    copies: Table,
}

#[derive(Debug, Deserialize)]
struct ItemQuery {
    recognised: Option<String>,
}

async fn item(
    State(state): State<AppState>,
    member: Member,
    uri: Uri,
    Path(id): Path<String>,
    Query(query): Query<ItemQuery>,
) -> Reply {
    let layout = Layout::member(&member, "evidence", &uri);
    let id = layout.check(EvidenceId::parse(&id).map_err(app::Error::from))?;
    let detail = layout.check(state.app.evidence_detail(&member.actor(), &id).await)?;
    let tr = layout.tr;
    let e = &detail.evidence;
    let mut facts = vec![
        fact(
            tr,
            "evidence-kind",
            layout.t(if e.derived_from.is_some() { "evidence-working-copy" } else { "evidence-original" }),
        ),
        fact(tr, "import-sha256", e.sha256.clone()),
        fact(tr, "import-size", size_text(&layout, e.size_bytes)),
        fact(tr, "evidence-media-type", e.media_type.clone()),
        fact(tr, "evidence-received", date_time(e.received_at)),
    ];
    if let Some(original) = &detail.original {
        facts.push(Fact {
            href: Some(item_href(&original.id)),
            ..fact(tr, "evidence-derived-from", original.title.clone())
        });
    }
    if let Some(derivation) = &e.derivation {
        facts.push(fact(tr, "evidence-derivation", derivation.clone()));
    }
    if let Some(incident) = &e.incident_id {
        facts.push(Fact {
            href: Some(format!("/incidents/{incident}")),
            ..fact(tr, "evidence-incident", incident.to_string())
        });
    }
    let custody_rows = detail
        .custody
        .iter()
        .map(|entry| {
            vec![
                Cell::number(entry.position),
                Cell::text(tr.code("custody-action", entry.action.as_str())),
                Cell::text(entry.actor.clone()),
                Cell::text(date_time(entry.at)),
                Cell::text(entry.note.clone()),
                Cell::text(entry.hash.get(..16).unwrap_or_default().to_owned()),
            ]
        })
        .collect();
    let mut custody = Table::new(
        tr,
        "evidence-custody",
        &["custody-position", "custody-action-header", "custody-actor", "custody-at", "custody-note", "custody-hash"],
        custody_rows,
    );
    custody.empty = layout.t("evidence-no-custody");
    let copies_rows = detail
        .copies
        .iter()
        .map(|copy| {
            vec![
                Cell::link(copy.title.clone(), item_href(&copy.id)),
                Cell::text(copy.derivation.clone().unwrap_or_default()),
                Cell::text(copy.sha256.get(..16).unwrap_or_default().to_owned()),
                Cell::text(date_time(copy.received_at)),
            ]
        })
        .collect();
    let mut copies = Table::new(
        tr,
        "evidence-copies",
        &["evidence-col-title", "evidence-derivation", "import-sha256", "evidence-received"],
        copies_rows,
    );
    copies.empty = layout.t("evidence-no-copies");
    let chain = match detail.broken_entry {
        None => layout.t("evidence-chain-intact"),
        Some(position) => tr.t_args("evidence-chain-broken", &[("total", position.to_string())]),
    };
    let page = ItemPage {
        heading: e.title.clone(),
        id: e.id.to_string(),
        facts,
        recognised: query.recognised.is_some(),
        chain,
        chain_ok: detail.broken_entry.is_none(),
        in_vault: !detail.custody.is_empty(),
        may_handle: state.app.may(&member.actor(), Action::HandleEvidence),
        is_original: e.derived_from.is_none(),
        custody,
        copies,
        layout,
    };
    show(&page)
}

async fn download(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Reply {
    let layout = Layout::member_at(&member, "evidence", &format!("/evidence/{id}"));
    require_csrf(&member, csrf_field(&form))?;
    let id = layout.check(EvidenceId::parse(&id).map_err(app::Error::from))?;
    let opened = layout.check(state.app.open_evidence(&member.actor(), now(), &id).await)?;
    let e: &Evidence = &opened.evidence;
    let name = format!("{}-{}", e.id, &e.sha256[..12.min(e.sha256.len())]);
    Ok(stream_file(opened.file, e.size_bytes, &e.media_type, &name, None))
}

async fn transfer(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Reply {
    let layout = Layout::member_at(&member, "evidence", &format!("/evidence/{id}"));
    require_csrf(&member, csrf_field(&form))?;
    let id = layout.check(EvidenceId::parse(&id).map_err(app::Error::from))?;
    let note = form.iter().find(|(k, _)| k == "note").map_or("", |(_, v)| v.as_str());
    layout.check(state.app.record_transfer(&member.actor(), now(), &id, note).await)?;
    redirect(&item_href(&id))
}
