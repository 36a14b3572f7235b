//! The JSON API of the victim registry under `/api/v1/`: the session (and its CSRF token), the
//! registry list, records, the review queue, pairs with their waterfalls, decisions and their
//! undoing, link runs, capture histories, imports and column mappings.
//!
//! Requests that change anything carry the session's CSRF token in the `x-csrf-token` header (as
//! forms carry it in a field); `GET /api/v1/session` tells a signed-in client its token. Wire
//! types are defined here and converted by hand.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::id::SourceId;
use domain::registry::{ColumnMapping, Verdict, VictimField};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::session::{ApiMember, Member, csrf_matches};

/// The header that carries the CSRF token of API requests that change anything.
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";

type ApiResult<T> = Result<Json<T>, ApiError>;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/session", get(session))
        .route("/registry", get(list_registry))
        .route("/registry/queue", get(review_queue))
        .route("/registry/pairs/{a}/{b}", get(get_pair))
        .route("/registry/pairs/{a}/{b}/decision", post(decide))
        .route("/registry/decisions", get(list_decisions))
        .route("/registry/decisions/{id}/undo", post(undo))
        .route("/registry/link", post(link))
        .route("/registry/runs/latest", get(latest_run))
        .route("/registry/capture-histories", get(capture_histories))
        .route("/records/{id}", get(get_record))
        .route("/imports/{id}", get(get_import))
        .route("/sources/{id}/mapping", get(get_mapping).put(put_mapping))
}

/// Routes that take large bodies: the upload of a list.
pub(crate) fn upload_routes() -> Router<AppState> {
    Router::new()
        .route("/sources/{id}/imports", post(import))
        .layer(DefaultBodyLimit::max(crate::registry_pages::MAX_UPLOAD_BYTES))
}

pub(crate) fn check_csrf(headers: &HeaderMap, member: &Member) -> Result<(), ApiError> {
    let token = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
    if csrf_matches(token, member.csrf_token()) { Ok(()) } else { Err(ErrorCode::CsrfRejected.into()) }
}

fn bad_request<T>(_: T) -> ApiError {
    ErrorCode::BadRequest.into()
}

// ---------------------------------------------------------------------------------------------
// Wire types.

/// The signed-in user and the token for requests that change anything.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SessionView {
    pub(crate) user_id: String,
    pub(crate) username: String,
    pub(crate) display_name: String,
    /// A role code, e.g. `investigator`.
    pub(crate) role: String,
    pub(crate) locale: String,
    /// Send as the `x-csrf-token` header with every POST or PUT.
    pub(crate) csrf_token: String,
}

/// A person of the registry as the list shows them.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RegistryRowView {
    pub(crate) person_id: String,
    pub(crate) name: String,
    pub(crate) gender: Option<String>,
    pub(crate) death_date: Option<String>,
    pub(crate) place: Option<String>,
    pub(crate) age: Option<u8>,
    pub(crate) n_records: u32,
    pub(crate) n_sources: u32,
    /// The sources (lists) that name the person.
    pub(crate) source_ids: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PlaceView {
    /// The value to filter by (`place`).
    pub(crate) key: String,
    pub(crate) label: String,
    pub(crate) n_persons: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RegistryPageView {
    pub(crate) items: Vec<RegistryRowView>,
    /// Pass as `after` for the next page.
    pub(crate) next: Option<String>,
    /// Persons matching the filter.
    pub(crate) total: u64,
    pub(crate) places: Vec<PlaceView>,
}

/// One side of a pair in the queue.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct QueueSideView {
    pub(crate) record_id: String,
    pub(crate) source_id: String,
    pub(crate) name: String,
    pub(crate) person_id: Option<String>,
    /// Records of the person.
    pub(crate) n_records: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct QueueItemView {
    pub(crate) a: QueueSideView,
    pub(crate) b: QueueSideView,
    pub(crate) probability: f64,
    /// The match weight in bits.
    pub(crate) weight: f64,
    /// The expected change a decision brings: the probability (ppm) that it reverses how the pair
    /// stands now, times the links it would change.
    pub(crate) priority: i64,
    /// Whether the two records are one person now.
    pub(crate) same_person: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct QueueView {
    /// The link run whose pairs these are.
    pub(crate) run_id: Option<String>,
    /// Pairs waiting in all.
    pub(crate) total: u64,
    pub(crate) items: Vec<QueueItemView>,
}

fn side_view(side: &app::QueueSide) -> QueueSideView {
    QueueSideView {
        record_id: side.record_id.to_string(),
        source_id: side.source_id.to_string(),
        name: side.name.text(),
        person_id: side.person_id.as_ref().map(ToString::to_string),
        n_records: side.n_records,
    }
}

fn queue_item_view(item: &app::QueueItem) -> QueueItemView {
    QueueItemView {
        a: side_view(&item.a),
        b: side_view(&item.b),
        probability: f64::from(item.probability_ppm) / 1e6,
        weight: item.weight.bits(),
        priority: item.priority,
        same_person: item.same_person(),
    }
}

/// A record: the parsed fields, the cells as imported, and its person.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RecordDetailView {
    pub(crate) id: String,
    pub(crate) source_id: String,
    pub(crate) row_number: u32,
    pub(crate) source_record_id: Option<String>,
    pub(crate) full_name: Option<String>,
    pub(crate) surname: Option<String>,
    pub(crate) given_name: Option<String>,
    pub(crate) patronymic: Option<String>,
    pub(crate) birth_date: Option<String>,
    pub(crate) age: Option<u8>,
    pub(crate) gender: Option<String>,
    pub(crate) death_date: Option<String>,
    pub(crate) place: Option<String>,
    pub(crate) circumstances: Option<String>,
    /// Header and cell, in column order, exactly as imported.
    pub(crate) verbatim: Vec<(String, String)>,
    pub(crate) person_id: Option<String>,
}

fn record_view(linked: &app::LinkedRecord) -> RecordDetailView {
    let record = &linked.record;
    let f = &record.fields;
    RecordDetailView {
        id: record.id.to_string(),
        source_id: record.source_id.to_string(),
        row_number: record.row_number,
        source_record_id: record.source_record_id.clone(),
        full_name: f.full_name.clone(),
        surname: f.surname.clone(),
        given_name: f.given_name.clone(),
        patronymic: f.patronymic.clone(),
        birth_date: f.birth_date.map(String::from),
        age: f.age,
        gender: f.gender.map(|g| g.as_str().to_owned()),
        death_date: f.death_date.map(String::from),
        place: f.place.clone(),
        circumstances: f.circumstances.clone(),
        verbatim: record.verbatim.clone(),
        person_id: linked.person_id.as_ref().map(ToString::to_string),
    }
}

/// One comparison of a pair's explanation.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct StepView {
    pub(crate) comparison: String,
    pub(crate) value_a: String,
    pub(crate) value_b: String,
    pub(crate) level: String,
    /// log2(m / u) in bits (0 when a value is missing).
    pub(crate) weight: f64,
    /// The term-frequency adjustment in bits.
    pub(crate) tf_adjustment: f64,
    pub(crate) m: Option<f64>,
    pub(crate) u: Option<f64>,
}

/// A pair's score and its explanation: the prior plus every comparison gives the total.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ScoreView {
    pub(crate) run_id: String,
    pub(crate) probability: f64,
    pub(crate) weight: f64,
    pub(crate) prior: f64,
    pub(crate) steps: Vec<StepView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DecisionView {
    pub(crate) id: String,
    pub(crate) record_a: String,
    pub(crate) record_b: String,
    /// `same`, `different` or `unsure`.
    pub(crate) verdict: String,
    pub(crate) note: String,
    pub(crate) decided_at: String,
    pub(crate) decided_by: String,
    /// Records the decision moved to another person.
    pub(crate) n_moved: usize,
    pub(crate) undone_at: Option<String>,
}

fn decision_view(
    decision: &domain::registry::PairDecision,
    undone_at: Option<domain::date::Timestamp>,
) -> DecisionView {
    DecisionView {
        id: decision.id.to_string(),
        record_a: decision.record_a.to_string(),
        record_b: decision.record_b.to_string(),
        verdict: decision.verdict.as_str().to_owned(),
        note: decision.note.clone(),
        decided_at: decision.decided_at.to_rfc3339(),
        decided_by: decision.decided_by.clone(),
        n_moved: decision.effect.moves.len(),
        undone_at: undone_at.map(|t| t.to_rfc3339()),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PairView {
    pub(crate) a: RecordDetailView,
    pub(crate) b: RecordDetailView,
    /// The latest run's score, if a run scored the pair.
    pub(crate) score: Option<ScoreView>,
    /// The decision in force.
    pub(crate) decision: Option<DecisionView>,
    pub(crate) same_person: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DecisionPageView {
    pub(crate) items: Vec<DecisionView>,
    pub(crate) next: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LinkRunView {
    pub(crate) id: String,
    pub(crate) source_ids: Vec<String>,
    pub(crate) ran_at: String,
    pub(crate) n_records: u32,
    pub(crate) n_candidates: u64,
    pub(crate) n_pairs_kept: u32,
    pub(crate) n_persons: u32,
    pub(crate) threshold: f64,
    pub(crate) em_iterations: u32,
    pub(crate) em_converged: bool,
    /// Same-person decisions that could not be honoured.
    pub(crate) n_conflicts: u32,
    pub(crate) warnings: Vec<String>,
}

fn run_view(run: &domain::registry::LinkRun) -> LinkRunView {
    LinkRunView {
        id: run.id.to_string(),
        source_ids: run.source_ids.iter().map(ToString::to_string).collect(),
        ran_at: run.ran_at.to_rfc3339(),
        n_records: run.n_records,
        n_candidates: run.n_candidates,
        n_pairs_kept: run.n_pairs_kept,
        n_persons: run.n_persons,
        threshold: f64::from(run.threshold_ppm) / 1e6,
        em_iterations: run.em_iterations,
        em_converged: run.em_converged,
        n_conflicts: run.n_conflicts,
        warnings: run.warnings.clone(),
    }
}

/// What a link run did.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LinkReportView {
    pub(crate) run: LinkRunView,
    pub(crate) n_moved: u32,
    pub(crate) n_new_persons: u32,
    pub(crate) n_emptied: u32,
    pub(crate) n_queue: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ProblemView {
    /// From 1 at the first row under the header.
    pub(crate) row: u32,
    /// Empty for the whole row.
    pub(crate) column: String,
    pub(crate) value: String,
    /// e.g. `bad-date`, `bad-age`, `bad-gender`, `no-name`, `blank-row`.
    pub(crate) kind: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub(crate) struct MappedColumnView {
    /// A field of the standard layout, e.g. `full_name`.
    pub(crate) field: String,
    /// The header of the column that holds it.
    pub(crate) column: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ImportView {
    pub(crate) id: String,
    pub(crate) source_id: String,
    pub(crate) file_name: String,
    pub(crate) sha256: String,
    pub(crate) size_bytes: u64,
    /// `csv` or `xlsx`.
    pub(crate) format: String,
    pub(crate) sheet: Option<String>,
    pub(crate) n_records: u32,
    pub(crate) imported_at: String,
    pub(crate) mapping: Vec<MappedColumnView>,
    pub(crate) problems: Vec<ProblemView>,
}

fn mapping_view(mapping: &ColumnMapping) -> Vec<MappedColumnView> {
    mapping
        .columns
        .iter()
        .map(|c| MappedColumnView { field: c.field.as_str().to_owned(), column: c.column.clone() })
        .collect()
}

fn import_view(import: &domain::registry::Import) -> ImportView {
    ImportView {
        id: import.id.to_string(),
        source_id: import.source_id.to_string(),
        file_name: import.file_name.clone(),
        sha256: import.sha256.clone(),
        size_bytes: import.size_bytes,
        format: import.format.as_str().to_owned(),
        sheet: import.sheet.clone(),
        n_records: import.n_records,
        imported_at: import.imported_at.to_rfc3339(),
        mapping: mapping_view(&import.mapping),
        problems: import
            .problems
            .iter()
            .map(|p| ProblemView {
                row: p.row,
                column: p.column.clone(),
                value: p.value.clone(),
                kind: p.kind.as_str().to_owned(),
            })
            .collect(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MappingView {
    pub(crate) source_id: String,
    /// Whether the mapping was saved for the source (else it is the standard layout).
    pub(crate) saved: bool,
    pub(crate) columns: Vec<MappedColumnView>,
}

// ---------------------------------------------------------------------------------------------
// Handlers.

#[utoipa::path(get, path = "/api/v1/session", tag = "session",
    responses((status = 200, body = SessionView), (status = 401, body = ErrorBody)))]
async fn session(ApiMember(member): ApiMember) -> Json<SessionView> {
    let user = &member.signed_in.user;
    Json(SessionView {
        user_id: user.id.to_string(),
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role: user.role.as_str().to_owned(),
        locale: user.locale.as_str().to_owned(),
        csrf_token: member.csrf_token().to_owned(),
    })
}

/// Filters and paging of the registry list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct RegistryParams {
    /// A place key from `places` (e.g. `almati`).
    place: Option<String>,
    /// Died on or after, `YYYY-MM-DD`.
    died_from: Option<String>,
    /// Died on or before, `YYYY-MM-DD`.
    died_to: Option<String>,
    age_min: Option<u8>,
    age_max: Option<u8>,
    /// The `next` value of the previous page.
    after: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/registry", tag = "victim registry", params(RegistryParams),
    responses((status = 200, body = RegistryPageView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_registry(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    query: Result<Query<RegistryParams>, QueryRejection>,
) -> ApiResult<RegistryPageView> {
    let Query(params) = query.map_err(bad_request)?;
    let date = |text: &Option<String>| -> Result<Option<jiff::civil::Date>, ApiError> {
        text.as_deref().filter(|t| !t.is_empty()).map(domain::date::parse_date).transpose().map_err(bad_request)
    };
    let filter = app::RegistryFilter {
        place_key: params.place.clone().filter(|p| !p.is_empty()),
        died_from: date(&params.died_from)?,
        died_to: date(&params.died_to)?,
        age_min: params.age_min,
        age_max: params.age_max,
    };
    let page =
        state.app.registry(&member.actor(), &filter, params.after.as_deref(), params.limit.unwrap_or(50)).await?;
    Ok(Json(RegistryPageView {
        items: page
            .page
            .items
            .iter()
            .map(|row| RegistryRowView {
                person_id: row.person_id.to_string(),
                name: row.display_name.clone(),
                gender: row.gender.map(|g| g.as_str().to_owned()),
                death_date: row.death_date.map(String::from),
                place: row.place.clone(),
                age: row.age,
                n_records: row.n_records,
                n_sources: row.n_sources,
                source_ids: page
                    .membership
                    .get(&row.person_id)
                    .map(|ids| ids.iter().map(ToString::to_string).collect())
                    .unwrap_or_default(),
            })
            .collect(),
        next: page.page.next,
        total: page.total,
        places: page
            .places
            .iter()
            .map(|p| PlaceView { key: p.place_key.clone(), label: p.label.clone(), n_persons: p.n_persons })
            .collect(),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct LimitParams {
    /// Items, 1 to 200 (default 50).
    limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/registry/queue", tag = "victim registry", params(LimitParams),
    responses((status = 200, body = QueueView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn review_queue(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    query: Result<Query<LimitParams>, QueryRejection>,
) -> ApiResult<QueueView> {
    let Query(params) = query.map_err(bad_request)?;
    let view = state.app.review_queue(&member.actor(), params.limit.unwrap_or(50)).await?;
    Ok(Json(QueueView {
        run_id: view.run.map(|r| r.id.to_string()),
        total: view.total,
        items: view.items.iter().map(queue_item_view).collect(),
    }))
}

#[utoipa::path(get, path = "/api/v1/registry/pairs/{a}/{b}", tag = "victim registry",
    params(("a" = String, Path, description = "a record id, `rec_…`"), ("b" = String, Path, description = "another record id")),
    responses((status = 200, body = PairView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_pair(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path((a, b)): Path<(String, String)>,
) -> ApiResult<PairView> {
    let detail = state.app.pair(&member.actor(), &a, &b).await?;
    let same_person = detail.a.person_id.is_some() && detail.a.person_id == detail.b.person_id;
    Ok(Json(PairView {
        a: record_view(&detail.a),
        b: record_view(&detail.b),
        score: detail.stored.map(|stored| ScoreView {
            run_id: stored.run_id.to_string(),
            probability: f64::from(stored.pair.probability_ppm) / 1e6,
            weight: stored.pair.weight.bits(),
            prior: stored.pair.prior.bits(),
            steps: stored
                .pair
                .steps
                .iter()
                .map(|s| StepView {
                    comparison: s.comparison.clone(),
                    value_a: s.left.clone(),
                    value_b: s.right.clone(),
                    level: s.level.clone(),
                    weight: s.weight.bits(),
                    tf_adjustment: s.tf_adjustment.bits(),
                    m: s.log2_m.map(|m| m.bits().exp2()),
                    u: s.log2_u.map(|u| u.bits().exp2()),
                })
                .collect(),
        }),
        decision: detail.decision.map(|row| decision_view(&row.decision, row.undone_at)),
        same_person,
    }))
}

/// A reviewer's verdict.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct DecisionRequest {
    /// `same`, `different` or `unsure`.
    verdict: String,
    #[serde(default)]
    note: String,
}

#[utoipa::path(post, path = "/api/v1/registry/pairs/{a}/{b}/decision", tag = "victim registry", request_body = DecisionRequest,
    params(("a" = String, Path, description = "a record id"), ("b" = String, Path, description = "another record id"),
        ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses((status = 200, body = DecisionView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn decide(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    headers: HeaderMap,
    Path((a, b)): Path<(String, String)>,
    body: Result<Json<DecisionRequest>, JsonRejection>,
) -> ApiResult<DecisionView> {
    check_csrf(&headers, &member)?;
    let Json(request) = body.map_err(bad_request)?;
    let verdict = Verdict::parse(&request.verdict).map_err(bad_request)?;
    let decision = state.app.decide(&member.actor(), crate::now(), &a, &b, verdict, &request.note).await?;
    Ok(Json(decision_view(&decision, None)))
}

#[utoipa::path(post, path = "/api/v1/registry/decisions/{id}/undo", tag = "victim registry",
    params(("id" = String, Path, description = "a decision id, `dec_…`"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses((status = 200, body = DecisionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn undo(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<DecisionView> {
    check_csrf(&headers, &member)?;
    let now = crate::now();
    let decision = state.app.undo_decision(&member.actor(), now, &id).await?;
    Ok(Json(decision_view(&decision, Some(now))))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PageParams {
    /// The `next` value of the previous page.
    after: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/registry/decisions", tag = "victim registry", params(PageParams),
    responses((status = 200, body = DecisionPageView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_decisions(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    query: Result<Query<PageParams>, QueryRejection>,
) -> ApiResult<DecisionPageView> {
    let Query(params) = query.map_err(bad_request)?;
    let page = state.app.decisions(&member.actor(), params.after.as_deref(), params.limit.unwrap_or(50)).await?;
    Ok(Json(DecisionPageView {
        items: page.items.iter().map(|row| decision_view(&row.decision, row.undone_at)).collect(),
        next: page.next,
    }))
}

/// Which sources to link; empty or absent means every source that holds records.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub(crate) struct LinkRequestBody {
    #[serde(default)]
    source_ids: Vec<String>,
}

#[utoipa::path(post, path = "/api/v1/registry/link", tag = "victim registry", request_body = LinkRequestBody,
    params(("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses((status = 200, body = LinkReportView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn link(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    headers: HeaderMap,
    body: Result<Json<LinkRequestBody>, JsonRejection>,
) -> ApiResult<LinkReportView> {
    check_csrf(&headers, &member)?;
    let Json(request) = body.map_err(bad_request)?;
    let source_ids =
        request.source_ids.iter().map(|id| SourceId::parse(id)).collect::<Result<Vec<_>, _>>().map_err(bad_request)?;
    let report = state
        .app
        .link_sources(&member.actor(), crate::now(), app::LinkRequest { source_ids }, Arc::new(app::Silent))
        .await?;
    Ok(Json(LinkReportView {
        run: run_view(&report.run),
        n_moved: report.n_moved,
        n_new_persons: report.n_new_persons,
        n_emptied: report.n_emptied,
        n_queue: report.n_queue,
    }))
}

#[utoipa::path(get, path = "/api/v1/registry/runs/latest", tag = "victim registry",
    responses((status = 200, body = LinkRunView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn latest_run(State(state): State<AppState>, ApiMember(member): ApiMember) -> ApiResult<LinkRunView> {
    let (_, run) = state.app.list_sources(&member.actor()).await?;
    run.map(|run| Json(run_view(&run))).ok_or_else(|| ErrorCode::NotFound.into())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct CaptureParams {
    /// `place` or `period` (ISO week of death) for a stratified table.
    by: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/registry/capture-histories", tag = "victim registry", params(CaptureParams),
    responses((status = 200, description = "CSV: one 0/1 column per list and `count` (a first `stratum` column when stratified)", content_type = "text/csv"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn capture_histories(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    query: Result<Query<CaptureParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = query.map_err(bad_request)?;
    let by = match params.by.as_deref() {
        None | Some("") | Some("none") => None,
        Some(other) => Some(app::Stratify::parse(other).ok_or(ErrorCode::BadRequest)?),
    };
    let table = state.app.capture_histories(&member.actor(), by).await?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], table.to_csv()).into_response())
}

#[utoipa::path(get, path = "/api/v1/records/{id}", tag = "victim registry", params(("id" = String, Path, description = "a record id, `rec_…`")),
    responses((status = 200, body = RecordDetailView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_record(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<String>,
) -> ApiResult<RecordDetailView> {
    Ok(Json(record_view(&state.app.record(&member.actor(), &id).await?)))
}

#[utoipa::path(get, path = "/api/v1/imports/{id}", tag = "imports", params(("id" = String, Path, description = "an import id, `imp_…`")),
    responses((status = 200, body = ImportView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_import(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<String>,
) -> ApiResult<ImportView> {
    Ok(Json(import_view(&state.app.import_detail(&member.actor(), &id).await?.import)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ImportParams {
    /// The file's name; `.xlsx` files are read as spreadsheets (as are zip-signed bodies).
    file_name: String,
}

#[utoipa::path(post, path = "/api/v1/sources/{id}/imports", tag = "imports", params(("id" = String, Path, description = "a source id, `src_…`"), ImportParams,
        ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    request_body(content = Vec<u8>, description = "the file, as is (CSV or XLSX)", content_type = "application/octet-stream"),
    responses((status = 200, body = ImportView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody)))]
async fn import(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    headers: HeaderMap,
    Path(id): Path<String>,
    query: Result<Query<ImportParams>, QueryRejection>,
    body: Bytes,
) -> ApiResult<ImportView> {
    check_csrf(&headers, &member)?;
    let Query(params) = query.map_err(bad_request)?;
    let source_id = SourceId::parse(&id).map_err(bad_request)?;
    let request = app::ImportRequest {
        target: app::ImportTarget::Existing(source_id),
        file_name: params.file_name,
        bytes: body.to_vec(),
        mapping: None,
    };
    let report = state.app.import_list(&member.actor(), crate::now(), request, Arc::new(app::Silent)).await?;
    Ok(Json(import_view(&report.import)))
}

#[utoipa::path(get, path = "/api/v1/sources/{id}/mapping", tag = "imports", params(("id" = String, Path, description = "a source id, `src_…`")),
    responses((status = 200, body = MappingView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_mapping(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<String>,
) -> ApiResult<MappingView> {
    let (source, mapping, saved) = state.app.column_mapping(&member.actor(), &id).await?;
    Ok(Json(MappingView { source_id: source.id.to_string(), saved, columns: mapping_view(&mapping) }))
}

#[utoipa::path(put, path = "/api/v1/sources/{id}/mapping", tag = "imports", request_body = Vec<MappedColumnView>,
    params(("id" = String, Path, description = "a source id, `src_…`"), ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    responses((status = 200, body = MappingView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn put_mapping(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<Vec<MappedColumnView>>, JsonRejection>,
) -> ApiResult<MappingView> {
    check_csrf(&headers, &member)?;
    let Json(columns) = body.map_err(bad_request)?;
    let pairs = columns
        .into_iter()
        .map(|c| VictimField::parse(&c.field).map(|field| (field, c.column)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(bad_request)?;
    state.app.set_column_mapping(&member.actor(), crate::now(), &id, ColumnMapping::from_pairs(pairs)).await?;
    let (source, mapping, saved) = state.app.column_mapping(&member.actor(), &id).await?;
    Ok(Json(MappingView { source_id: source.id.to_string(), saved, columns: mapping_view(&mapping) }))
}
