//! The JSON API under `/api/v1/`: read-only lists and detail views of persons, incidents, units
//! and sources, and the OpenAPI document that describes them.
//!
//! Wire types are defined here and converted by hand from `app` and `domain` values, so the API
//! stays stable when the domain changes. Errors are [`ErrorBody`] with a code from the one table.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use domain::entity::{Record, Subject};
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

use crate::AppState;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::session::{ApiMember, SESSION_COOKIE};

/// Items per page when the caller does not say.
const DEFAULT_LIMIT: i64 = 50;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/persons", get(list_persons))
        .route("/persons/{id}", get(get_person))
        .route("/incidents", get(list_incidents))
        .route("/incidents/{id}", get(get_incident))
        .route("/units", get(list_units))
        .route("/units/{id}", get(get_unit))
        .route("/sources", get(list_sources))
        .route("/sources/{id}", get(get_source))
}

// ---------------------------------------------------------------------------------------------
// Wire types.

/// One item of a list: enough to show and link it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SummaryView {
    pub(crate) id: String,
    pub(crate) title: String,
    /// A short second column: a date of birth, a date, a kind code.
    pub(crate) detail: String,
    /// A short third column: a gender code, a place, a base, a publisher.
    pub(crate) extra: String,
}

/// A page of a list; pass `next` as `after` to get the following page.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SummaryPage {
    pub(crate) items: Vec<SummaryView>,
    pub(crate) next: Option<String>,
}

impl From<app::Page<app::Summary>> for SummaryPage {
    fn from(page: app::Page<app::Summary>) -> SummaryPage {
        let items = page
            .items
            .into_iter()
            .map(|s| SummaryView { id: s.id, title: s.title, detail: s.detail, extra: s.extra })
            .collect();
        SummaryPage { items, next: page.next }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NameView {
    pub(crate) text: String,
    /// `cyrl-kk`, `cyrl-ru` or `latn`.
    pub(crate) script: String,
    pub(crate) scheme: Option<String>,
}

/// One row of a source list as parsed (the verbatim cells are not sent).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RecordView {
    pub(crate) id: String,
    pub(crate) source_id: String,
    pub(crate) row_number: u32,
    pub(crate) source_record_id: Option<String>,
    pub(crate) full_name: Option<String>,
    pub(crate) birth_date: Option<String>,
    pub(crate) death_date: Option<String>,
    pub(crate) age: Option<u8>,
    pub(crate) gender: Option<String>,
    pub(crate) place: Option<String>,
    pub(crate) circumstances: Option<String>,
}

impl From<&Record> for RecordView {
    fn from(record: &Record) -> RecordView {
        let fields = &record.fields;
        RecordView {
            id: record.id.to_string(),
            source_id: record.source_id.to_string(),
            row_number: record.row_number,
            source_record_id: record.source_record_id.clone(),
            full_name: fields.full_name.clone(),
            birth_date: fields.birth_date.map(String::from),
            death_date: fields.death_date.map(String::from),
            age: fields.age,
            gender: fields.gender.map(|g| g.as_str().to_owned()),
            place: fields.place.clone(),
            circumstances: fields.circumstances.clone(),
        }
    }
}

/// A violation suffered by a person, with its incident.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PersonViolationView {
    pub(crate) incident_id: String,
    pub(crate) incident_title: String,
    pub(crate) date: String,
    pub(crate) place: String,
    /// A violation kind code, e.g. `torture`.
    pub(crate) kind: String,
}

/// A posting of a person to a unit, with both names.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PostingView {
    pub(crate) id: String,
    pub(crate) person_id: String,
    pub(crate) person_name: String,
    pub(crate) unit_id: String,
    pub(crate) unit_name: String,
    pub(crate) role: String,
    pub(crate) rank: Option<String>,
    pub(crate) start: Option<String>,
    pub(crate) end: Option<String>,
    pub(crate) source_id: String,
}

impl From<&app::PostingView> for PostingView {
    fn from(view: &app::PostingView) -> PostingView {
        let p = &view.posting;
        PostingView {
            id: p.id.to_string(),
            person_id: p.person_id.to_string(),
            person_name: view.person_name.clone(),
            unit_id: p.unit_id.to_string(),
            unit_name: view.unit_name.clone(),
            role: p.role.clone(),
            rank: p.rank.clone(),
            start: p.start.map(|d| d.to_string()),
            end: p.end.map(|d| d.to_string()),
            source_id: p.source_id.to_string(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PersonView {
    pub(crate) id: String,
    pub(crate) names: Vec<NameView>,
    /// `m` or `f`.
    pub(crate) gender: Option<String>,
    /// A fuzzy date: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `FROM..TO`.
    pub(crate) birth_date: Option<String>,
    pub(crate) death_date: Option<String>,
    /// Confidential: absent for a reader whose clearance withholds it (`domain::classification`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(crate) notes: String,
    pub(crate) records: Vec<RecordView>,
    pub(crate) violations: Vec<PersonViolationView>,
    pub(crate) postings: Vec<PostingView>,
}

impl From<app::PersonDetail> for PersonView {
    fn from(detail: app::PersonDetail) -> PersonView {
        let person = detail.person;
        PersonView {
            id: person.id.to_string(),
            names: person
                .names
                .into_iter()
                .map(|n| NameView { text: n.text, script: n.script.as_str().to_owned(), scheme: n.scheme })
                .collect(),
            gender: person.gender.map(|g| g.as_str().to_owned()),
            birth_date: person.birth_date.map(String::from),
            death_date: person.death_date.map(String::from),
            notes: person.notes,
            records: detail.records.iter().map(RecordView::from).collect(),
            violations: detail
                .violations
                .into_iter()
                .map(|v| PersonViolationView {
                    incident_id: v.incident_id.to_string(),
                    incident_title: v.incident_title,
                    date: v.date,
                    place: v.place,
                    kind: v.kind.as_str().to_owned(),
                })
                .collect(),
            postings: detail.postings.iter().map(PostingView::from).collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PlaceView {
    pub(crate) name: String,
    pub(crate) region_at_event: String,
    pub(crate) current_region: String,
}

impl From<&domain::entity::Place> for PlaceView {
    fn from(place: &domain::entity::Place) -> PlaceView {
        PlaceView {
            name: place.name.clone(),
            region_at_event: place.region_at_event.clone(),
            current_region: place.current_region.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ViolationView {
    pub(crate) id: String,
    /// A violation kind code, e.g. `killing`.
    pub(crate) kind: String,
    pub(crate) victim_id: Option<String>,
    pub(crate) victim_count: u32,
}

/// A reference to a unit or a person.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SubjectView {
    /// `unit` or `person`.
    pub(crate) kind: String,
    pub(crate) id: String,
    pub(crate) name: String,
}

fn subject_view(subject: &Subject, name: String) -> SubjectView {
    let (kind, id) = match subject {
        Subject::Unit(id) => ("unit", id.to_string()),
        Subject::Person(id) => ("person", id.to_string()),
    };
    SubjectView { kind: kind.to_owned(), id, name }
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AttributionView {
    pub(crate) id: String,
    pub(crate) subject: SubjectView,
    pub(crate) role: String,
    /// `low`, `medium` or `high`.
    pub(crate) confidence: String,
    pub(crate) source_ids: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SourceRefView {
    pub(crate) id: String,
    pub(crate) title: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IncidentView {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) date: String,
    pub(crate) place: PlaceView,
    pub(crate) description: String,
    pub(crate) violations: Vec<ViolationView>,
    pub(crate) attributions: Vec<AttributionView>,
    pub(crate) sources: Vec<SourceRefView>,
}

impl From<app::IncidentDetail> for IncidentView {
    fn from(detail: app::IncidentDetail) -> IncidentView {
        let incident = detail.incident;
        IncidentView {
            id: incident.id.to_string(),
            title: incident.title,
            date: incident.date.to_string(),
            place: PlaceView::from(&incident.place),
            description: incident.description,
            violations: incident
                .violations
                .iter()
                .map(|v| ViolationView {
                    id: v.id.to_string(),
                    kind: v.kind.as_str().to_owned(),
                    victim_id: v.victim.as_ref().map(ToString::to_string),
                    victim_count: v.victim_count,
                })
                .collect(),
            attributions: detail
                .attributions
                .into_iter()
                .map(|a| AttributionView {
                    id: a.attribution.id.to_string(),
                    subject: subject_view(&a.attribution.subject, a.subject_name),
                    role: a.attribution.role,
                    confidence: a.attribution.confidence.as_str().to_owned(),
                    source_ids: a.attribution.source_ids.iter().map(ToString::to_string).collect(),
                })
                .collect(),
            sources: incident
                .source_ids
                .iter()
                .map(|id| SourceRefView { id: id.to_string(), title: detail.labels.source(id) })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UnitNameView {
    pub(crate) name: String,
    /// `en`, `ru` or `kk`.
    pub(crate) language: String,
    pub(crate) valid_from: Option<String>,
    pub(crate) valid_to: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UnitParentView {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) valid_from: Option<String>,
    pub(crate) valid_to: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DeploymentView {
    pub(crate) id: String,
    pub(crate) place: PlaceView,
    pub(crate) start: String,
    pub(crate) end: Option<String>,
    pub(crate) source_id: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AssistanceView {
    pub(crate) id: String,
    /// `training`, `equipment` or `funding`.
    pub(crate) kind: String,
    pub(crate) provider: String,
    pub(crate) programme: String,
    pub(crate) start: Option<String>,
    pub(crate) end: Option<String>,
    pub(crate) source_id: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UnitView {
    pub(crate) id: String,
    /// A unit kind code, e.g. `department`.
    pub(crate) kind: String,
    pub(crate) base: Option<String>,
    pub(crate) names: Vec<UnitNameView>,
    pub(crate) parents: Vec<UnitParentView>,
    pub(crate) children: Vec<SummaryView>,
    pub(crate) postings: Vec<PostingView>,
    pub(crate) deployments: Vec<DeploymentView>,
    pub(crate) assistance: Vec<AssistanceView>,
    pub(crate) source_ids: Vec<String>,
}

impl From<app::UnitDetail> for UnitView {
    fn from(detail: app::UnitDetail) -> UnitView {
        let unit = detail.unit;
        let date = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string());
        UnitView {
            id: unit.id.to_string(),
            kind: unit.kind.as_str().to_owned(),
            base: unit.base,
            names: unit
                .names
                .into_iter()
                .map(|n| UnitNameView {
                    name: n.name,
                    language: n.language,
                    valid_from: date(n.valid_from),
                    valid_to: date(n.valid_to),
                })
                .collect(),
            parents: unit
                .parents
                .iter()
                .zip(detail.parent_names)
                .map(|(p, name)| UnitParentView {
                    id: p.parent_id.to_string(),
                    name,
                    valid_from: date(p.valid_from),
                    valid_to: date(p.valid_to),
                })
                .collect(),
            children: detail
                .children
                .into_iter()
                .map(|s| SummaryView { id: s.id, title: s.title, detail: s.detail, extra: s.extra })
                .collect(),
            postings: detail.postings.iter().map(PostingView::from).collect(),
            deployments: detail
                .deployments
                .iter()
                .map(|d| DeploymentView {
                    id: d.id.to_string(),
                    place: PlaceView::from(&d.place),
                    start: d.start.to_string(),
                    end: date(d.end),
                    source_id: d.source_id.to_string(),
                })
                .collect(),
            assistance: detail
                .assistance
                .iter()
                .map(|a| AssistanceView {
                    id: a.id.to_string(),
                    kind: a.kind.as_str().to_owned(),
                    provider: a.provider.clone(),
                    programme: a.programme.clone(),
                    start: date(a.start),
                    end: date(a.end),
                    source_id: a.source_id.to_string(),
                })
                .collect(),
            source_ids: unit.source_ids.iter().map(ToString::to_string).collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SourceView {
    pub(crate) id: String,
    /// A source kind code, e.g. `official-list`.
    pub(crate) kind: String,
    pub(crate) title: String,
    pub(crate) publisher: String,
    pub(crate) published_on: Option<String>,
    pub(crate) url: Option<String>,
    /// Admiralty scale, `a` (completely reliable) to `f` (cannot be judged).
    pub(crate) reliability: String,
    /// Confidential: absent for a reader whose clearance withholds it (`domain::classification`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(crate) notes: String,
    pub(crate) n_records: i64,
    /// The first records of the source, in row order.
    pub(crate) records: Vec<RecordView>,
}

impl From<app::SourceDetail> for SourceView {
    fn from(detail: app::SourceDetail) -> SourceView {
        let source = detail.source;
        SourceView {
            id: source.id.to_string(),
            kind: source.kind.as_str().to_owned(),
            title: source.title,
            publisher: source.publisher,
            published_on: source.published_on.map(|d| d.to_string()),
            url: source.url,
            reliability: source.reliability.as_str().to_owned(),
            notes: source.notes,
            n_records: detail.n_records,
            records: detail.records.iter().map(RecordView::from).collect(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Handlers.

/// Paging of a list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListParams {
    /// The `next` value of the previous page.
    after: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<i64>,
}

type ApiResult<T> = Result<Json<T>, ApiError>;

fn params(query: Result<Query<ListParams>, QueryRejection>) -> Result<ListParams, ApiError> {
    query.map(|Query(params)| params).map_err(|_| ErrorCode::BadRequest.into())
}

fn limit(params: &ListParams) -> i64 {
    params.limit.unwrap_or(DEFAULT_LIMIT)
}

#[utoipa::path(get, path = "/api/v1/persons", tag = "registry", params(ListParams),
    responses((status = 200, body = SummaryPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_persons(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    query: Result<Query<ListParams>, QueryRejection>,
) -> ApiResult<SummaryPage> {
    let params = params(query)?;
    Ok(Json(state.app.persons(&member.actor(), params.after.as_deref(), limit(&params)).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/persons/{id}", tag = "registry", params(("id" = String, Path, description = "a person id, `per_…`")),
    responses((status = 200, body = PersonView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_person(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<String>,
) -> ApiResult<PersonView> {
    Ok(Json(state.app.person(&member.actor(), &id).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/incidents", tag = "registry", params(ListParams),
    responses((status = 200, body = SummaryPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_incidents(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    query: Result<Query<ListParams>, QueryRejection>,
) -> ApiResult<SummaryPage> {
    let params = params(query)?;
    Ok(Json(state.app.incidents(&member.actor(), params.after.as_deref(), limit(&params)).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/incidents/{id}", tag = "registry", params(("id" = String, Path, description = "an incident id, `inc_…`")),
    responses((status = 200, body = IncidentView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_incident(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<String>,
) -> ApiResult<IncidentView> {
    Ok(Json(state.app.incident(&member.actor(), &id).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/units", tag = "registry", params(ListParams),
    responses((status = 200, body = SummaryPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_units(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    query: Result<Query<ListParams>, QueryRejection>,
) -> ApiResult<SummaryPage> {
    let params = params(query)?;
    Ok(Json(state.app.units(&member.actor(), params.after.as_deref(), limit(&params)).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/units/{id}", tag = "registry", params(("id" = String, Path, description = "a unit id, `unt_…`")),
    responses((status = 200, body = UnitView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_unit(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<String>,
) -> ApiResult<UnitView> {
    Ok(Json(state.app.unit(&member.actor(), &id).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/sources", tag = "registry", params(ListParams),
    responses((status = 200, body = SummaryPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_sources(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    query: Result<Query<ListParams>, QueryRejection>,
) -> ApiResult<SummaryPage> {
    let params = params(query)?;
    Ok(Json(state.app.sources(&member.actor(), params.after.as_deref(), limit(&params)).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/sources/{id}", tag = "registry", params(("id" = String, Path, description = "a source id, `src_…`")),
    responses((status = 200, body = SourceView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_source(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<String>,
) -> ApiResult<SourceView> {
    Ok(Json(state.app.source(&member.actor(), &id).await?.into()))
}

// ---------------------------------------------------------------------------------------------
// The OpenAPI document.

/// Declares the session cookie as the API's authentication.
struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components
            .add_security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(SESSION_COOKIE))));
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Aqiqat API",
        description = "Access to the Aqiqat registry. Authenticate by signing in on the web page; the session cookie authenticates API calls. Requests that change anything (POST, PUT) carry the session's CSRF token (GET /api/v1/session) in the x-csrf-token header.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    paths(
        list_persons, get_person, list_incidents, get_incident, list_units, get_unit, list_sources, get_source,
        crate::api_registry::session, crate::api_registry::list_registry, crate::api_registry::review_queue,
        crate::api_registry::get_pair, crate::api_registry::decide, crate::api_registry::list_decisions,
        crate::api_registry::undo, crate::api_registry::link, crate::api_registry::latest_run,
        crate::api_registry::capture_histories, crate::api_registry::get_record, crate::api_registry::get_import,
        crate::api_registry::import, crate::api_registry::get_mapping, crate::api_registry::put_mapping,
        crate::api_evidence::api_upload,
        crate::api_complaints::status, crate::api_complaints::pressure,
        crate::api_vetting::screen, crate::api_forces::units_at, crate::api_forces::commanders,
    ),
    components(schemas(ErrorBody)),
    modifiers(&SessionCookie),
    security(("session" = [])),
    tags(
        (name = "registry", description = "Persons, incidents, units and sources"),
        (name = "victim registry", description = "The registry of the dead: linked lists, the review queue, decisions, capture histories"),
        (name = "imports", description = "Importing CSV and XLSX lists into sources, and their column mappings"),
        (name = "evidence", description = "The evidence vault: files streamed in, hashed on arrival, stored by hash with a custody log"),
        (name = "vetting", description = "Screening nominees for assistance against the registry of security forces"),
        (name = "session", description = "The signed-in user and the CSRF token for requests that change anything"),
        (name = "complainant", description = "A complainant's status page, by case code and passphrase: no account, no session, no CSRF token"),
    ),
)]
struct ApiDoc;

/// The OpenAPI document of this API (public: it describes the interface, not the data).
async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_lists_every_route() {
        let doc = ApiDoc::openapi();
        let paths: Vec<&str> = doc.paths.paths.keys().map(String::as_str).collect();
        for path in [
            "/api/v1/persons",
            "/api/v1/persons/{id}",
            "/api/v1/sources/{id}",
            "/api/v1/units",
            "/api/v1/incidents",
            "/api/v1/registry",
            "/api/v1/registry/queue",
            "/api/v1/registry/pairs/{a}/{b}",
            "/api/v1/registry/pairs/{a}/{b}/decision",
            "/api/v1/registry/decisions/{id}/undo",
            "/api/v1/registry/link",
            "/api/v1/registry/capture-histories",
            "/api/v1/sources/{id}/imports",
            "/api/v1/sources/{id}/mapping",
            "/api/v1/evidence",
            "/api/v1/status",
            "/api/v1/status/pressure",
            "/api/v1/vetting/screen",
            "/api/v1/units/at",
            "/api/v1/units/{id}/commanders",
        ] {
            assert!(paths.contains(&path), "{path} missing from {paths:?}");
        }
    }
}
