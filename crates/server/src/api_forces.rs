//! The registry's questions in JSON: which units and commanders were at a place on a day
//! (`GET /api/v1/units/at`), and who commanded a unit on a day (`GET /api/v1/units/{id}/commanders`).
//! What assistance a unit received is in `GET /api/v1/units/{id}`. Every datum names its source.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiError, ErrorBody, ErrorCode, Failure};
use crate::session::ApiMember;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/units/at", get(units_at)).route("/units/{id}/commanders", get(commanders))
}

/// A place and a day.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PlaceDay {
    /// The place as named at the time (`Almaty`).
    #[serde(default)]
    place: String,
    /// The day, `YYYY-MM-DD`.
    #[serde(default)]
    on: String,
}

/// A day.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct Day {
    /// The day, `YYYY-MM-DD`.
    #[serde(default)]
    on: String,
}

/// A posting in a command role covering the day.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CommanderView {
    pub(crate) person_id: String,
    pub(crate) person_name: String,
    pub(crate) role: String,
    pub(crate) rank: Option<String>,
    pub(crate) start: Option<String>,
    pub(crate) end: Option<String>,
    pub(crate) source_id: String,
}

/// A unit deployed at the place on the day, with its commanders that day.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UnitAtView {
    pub(crate) unit_id: String,
    pub(crate) unit_name: String,
    pub(crate) place: String,
    pub(crate) start: String,
    pub(crate) end: Option<String>,
    pub(crate) source_id: String,
    pub(crate) commanders: Vec<CommanderView>,
}

fn day(text: &str) -> Result<jiff::civil::Date, ApiError> {
    domain::date::parse_date(text.trim())
        .map_err(|e| ApiError(Failure::with_detail(ErrorCode::BadRequest, format!("on: {e}"))))
}

fn commander_view(p: &app::PostingView) -> CommanderView {
    CommanderView {
        person_id: p.posting.person_id.to_string(),
        person_name: p.person_name.clone(),
        role: p.posting.role.clone(),
        rank: p.posting.rank.clone(),
        start: p.posting.start.map(|d| d.to_string()),
        end: p.posting.end.map(|d| d.to_string()),
        source_id: p.posting.source_id.to_string(),
    }
}

#[utoipa::path(get, path = "/api/v1/units/at", tag = "registry", params(PlaceDay),
    responses((status = 200, body = [UnitAtView]), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn units_at(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    query: Result<Query<PlaceDay>, QueryRejection>,
) -> Result<Json<Vec<UnitAtView>>, ApiError> {
    let Query(query) = query.map_err(|_| ApiError::from(ErrorCode::BadRequest))?;
    let actor = member.actor();
    let on = day(&query.on)?;
    let found = state.app.units_at(&actor, &query.place, on).await?;
    Ok(Json(
        found
            .units
            .iter()
            .map(|u| UnitAtView {
                unit_id: u.deployment.unit_id.to_string(),
                unit_name: u.unit_name.clone(),
                place: u.deployment.place.name.clone(),
                start: u.deployment.start.to_string(),
                end: u.deployment.end.map(|d| d.to_string()),
                source_id: u.deployment.source_id.to_string(),
                commanders: u.commanders.iter().map(commander_view).collect(),
            })
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/units/{id}/commanders", tag = "registry",
    params(("id" = String, Path, description = "a unit id, `unt_…`"), Day),
    responses((status = 200, body = [CommanderView]), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn commanders(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<String>,
    query: Result<Query<Day>, QueryRejection>,
) -> Result<Json<Vec<CommanderView>>, ApiError> {
    let Query(query) = query.map_err(|_| ApiError::from(ErrorCode::BadRequest))?;
    let actor = member.actor();
    let on = day(&query.on)?;
    let postings = state.app.commanders_on(&actor, &id, on).await?;
    Ok(Json(postings.iter().map(commander_view).collect()))
}
