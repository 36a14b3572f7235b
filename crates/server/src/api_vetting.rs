//! The vetting JSON API: `POST /api/v1/vetting/screen` screens a batch of nominees (persons and
//! units) against the registry and answers every hit with its score, reason, explanation and chain
//! of evidence. Nothing is stored (a request's screening, which is recorded, goes through the
//! pages); the caller needs the vetting right and the session's CSRF token.

use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use domain::entity::{NomineeKind, Subject};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api_registry::check_csrf;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::session::ApiMember;

/// The most nominees one batch may carry.
pub(crate) const MAX_BATCH: usize = 10_000;

/// A batch is larger than a form: 10,000 nominees of a few hundred bytes each.
const MAX_BATCH_BYTES: usize = 8 * 1024 * 1024;

pub(crate) fn upload_routes() -> Router<AppState> {
    Router::new().route("/vetting/screen", post(screen)).layer(DefaultBodyLimit::max(MAX_BATCH_BYTES))
}

/// A batch of nominees to screen.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct ScreenBatch {
    /// Missing is an empty batch (answered after the caller's right to vet is checked).
    #[serde(default)]
    pub(crate) nominees: Vec<ScreenNominee>,
    /// The first day of the activity (`YYYY-MM-DD`): assistance before it counts as earlier.
    #[serde(default)]
    pub(crate) activity_start: Option<String>,
}

/// One nominee, in the columns of a nominee file.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct ScreenNominee {
    /// The caller's own id of the nominee; hits name it.
    pub(crate) nominee_id: String,
    /// `person` or `unit`.
    pub(crate) kind: String,
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) birth_date: Option<String>,
    /// `m` or `f`.
    #[serde(default)]
    pub(crate) gender: Option<String>,
    #[serde(default)]
    pub(crate) unit: Option<String>,
    #[serde(default)]
    pub(crate) rank: Option<String>,
}

/// The hits of a batch, in the order of the nominees.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ScreenResult {
    pub(crate) n_nominees: usize,
    pub(crate) hits: Vec<ScreenHitView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ScreenHitView {
    pub(crate) nominee_id: String,
    pub(crate) entity_id: String,
    /// `person` or `unit`.
    pub(crate) entity_kind: String,
    pub(crate) entity_name: String,
    /// From 0 to 1: how sure it is that the nominee is the entity.
    pub(crate) score: f64,
    /// `person-implicated`, `served-in-implicated-unit`, `unit-implicated`, ...
    pub(crate) reason: String,
    pub(crate) explanation: String,
    pub(crate) evidence: Vec<ScreenEvidenceView>,
}

/// One attribution of an incident that the hit rests on.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ScreenEvidenceView {
    pub(crate) incident_id: String,
    pub(crate) incident_title: String,
    pub(crate) incident_date: String,
    pub(crate) place: String,
    pub(crate) attribution_id: String,
    pub(crate) subject_name: String,
    pub(crate) role: String,
    pub(crate) confidence: String,
    pub(crate) sources: Vec<ScreenSourceView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ScreenSourceView {
    pub(crate) id: String,
    pub(crate) title: String,
    /// A to F.
    pub(crate) reliability: String,
}

fn bad(detail: String) -> ApiError {
    ApiError(crate::error::Failure::with_detail(ErrorCode::BadRequest, detail))
}

/// The nominee at `index` as the engine's query, or what is wrong with it.
fn query(
    index: usize,
    nominee: ScreenNominee,
    activity_start: Option<jiff::civil::Date>,
) -> Result<app::NomineeQuery, ApiError> {
    let at = |field: &str, detail: String| bad(format!("nominees[{index}].{field}: {detail}"));
    let kind = match nominee.kind.as_str() {
        "person" => NomineeKind::Person,
        "unit" => NomineeKind::Unit,
        other => return Err(at("kind", format!("`{other}` is neither `person` nor `unit`"))),
    };
    if nominee.name.trim().is_empty() {
        return Err(at("name", "empty".to_owned()));
    }
    let birth_date = match nominee.birth_date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => {
            Some(app::parse_date_cell(text).ok_or_else(|| at("birth_date", format!("`{text}` is not a date")))?)
        }
        None => None,
    };
    let gender = match nominee.gender.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => {
            Some(app::parse_gender_cell(text).ok_or_else(|| at("gender", format!("`{text}` is not m or f")))?)
        }
        None => None,
    };
    Ok(app::NomineeQuery {
        nominee_id: nominee.nominee_id,
        kind,
        name: nominee.name,
        birth_date,
        gender,
        unit: nominee.unit.filter(|u| !u.trim().is_empty()),
        rank: nominee.rank.filter(|r| !r.trim().is_empty()),
        activity_start,
    })
}

fn hit_view(hit: app::ScreeningEngineHit) -> ScreenHitView {
    let (entity_kind, entity_id) = match &hit.entity {
        Subject::Person(id) => ("person", id.to_string()),
        Subject::Unit(id) => ("unit", id.to_string()),
    };
    ScreenHitView {
        nominee_id: hit.nominee_id,
        entity_id,
        entity_kind: entity_kind.to_owned(),
        entity_name: hit.entity_name,
        score: hit.score,
        reason: hit.reason.as_str().to_owned(),
        explanation: hit.explanation,
        evidence: hit
            .evidence
            .into_iter()
            .map(|e| ScreenEvidenceView {
                incident_id: e.incident_id.to_string(),
                incident_title: e.incident_title,
                incident_date: e.incident_date.to_string(),
                place: e.place,
                attribution_id: e.attribution_id.to_string(),
                subject_name: e.subject_name,
                role: e.role,
                confidence: e.confidence.as_str().to_owned(),
                sources: e
                    .sources
                    .into_iter()
                    .map(|s| ScreenSourceView {
                        id: s.id.to_string(),
                        title: s.title,
                        reliability: s.reliability.as_str().to_uppercase(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[utoipa::path(post, path = "/api/v1/vetting/screen", tag = "vetting",
    params(("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    request_body = ScreenBatch,
    responses((status = 200, body = ScreenResult), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn screen(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    headers: HeaderMap,
    body: Result<Json<ScreenBatch>, JsonRejection>,
) -> Result<Json<ScreenResult>, ApiError> {
    check_csrf(&headers, &member)?;
    let Json(batch) = body.map_err(|rejection| bad(rejection.body_text()))?;
    if batch.nominees.len() > MAX_BATCH {
        return Err(bad(format!("at most {MAX_BATCH} nominees per batch; this one has {}", batch.nominees.len())));
    }
    let activity_start = match batch.activity_start.as_deref().filter(|s| !s.is_empty()) {
        Some(text) => Some(domain::date::parse_date(text).map_err(|e| bad(format!("activity_start: {e}")))?),
        None => None,
    };
    let n_nominees = batch.nominees.len();
    let queries = batch
        .nominees
        .into_iter()
        .enumerate()
        .map(|(index, nominee)| query(index, nominee, activity_start))
        .collect::<Result<Vec<_>, _>>()?;
    let hits = state.app.screen_nominees(&member.actor(), queries).await?;
    Ok(Json(ScreenResult { n_nominees, hits: hits.into_iter().map(hit_view).collect() }))
}
