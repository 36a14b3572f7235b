//! The complainant's JSON API under `/api/v1/`: the status of a complaint by its case code and
//! passphrase, and "I am being pressured". No account and no session: the code and passphrase are
//! the credentials, checked by `app` with the same argon2 work for a wrong code as for a wrong
//! passphrase; a refusal is one answer for both, and too many tries get 429 with `Retry-After`.
//! Nothing here rides on a cookie, so there is no CSRF token; the cross-origin check still applies.

use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use domain::protected::Protected;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody, ErrorCode, Failure};
use crate::session::ClientAddress;
use crate::{AppState, now};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/status", post(status)).route("/status/pressure", post(pressure))
}

/// A complainant's credentials for the status page.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct StatusRequest {
    /// The case code given at intake, `XXXX-XXXX` (any case; the hyphen may be left out).
    pub(crate) code: String,
    /// The passphrase given at intake (or at its latest rotation).
    pub(crate) passphrase: String,
    /// For `/status/pressure`: what is happening, in the complainant's words (optional).
    #[serde(default)]
    pub(crate) circumstances: String,
}

/// One step of the complaint's timeline that the investigators share with the complainant.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct StatusStepView {
    /// A status code, e.g. `registered`, `investigation-opened`, `closed`, `verdict`.
    pub(crate) status: String,
    /// `YYYY-MM-DD`.
    pub(crate) on: String,
    pub(crate) note: String,
    /// For a `closed` step: why, e.g. `no-corpus-delicti`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) closure_reason: Option<String>,
    /// For a `verdict` step: e.g. `conviction`, `conditional-sentence`, `posthumous-conviction`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) verdict: Option<String>,
}

/// What the complainant may see of their complaint: its shareable steps, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct StatusView {
    pub(crate) code: String,
    /// A violation kind code, e.g. `torture`.
    pub(crate) kind: String,
    pub(crate) steps: Vec<StatusStepView>,
    /// When the complainant last reported pressure from the status page (RFC 3339), if ever.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) pressure_reported_at: Option<String>,
}

impl From<app::ComplainantStatus> for StatusView {
    fn from(status: app::ComplainantStatus) -> StatusView {
        StatusView {
            code: status.code,
            kind: status.kind.as_str().to_owned(),
            steps: status
                .steps
                .into_iter()
                .map(|step| StatusStepView {
                    status: step.status.as_str().to_owned(),
                    on: step.on.to_string(),
                    note: step.note,
                    closure_reason: step.closure_reason.map(|r| r.as_str().to_owned()),
                    verdict: step.verdict.map(|v| v.as_str().to_owned()),
                })
                .collect(),
            pressure_reported_at: status.pressure_reported_at.map(crate::registry_pages::date_time),
        }
    }
}

/// The answer to a check: the status, the one refusal, or 429 with `Retry-After`.
pub(crate) fn answer(check: app::StatusCheck) -> Response {
    match check {
        app::StatusCheck::Found(status) => Json(StatusView::from(status)).into_response(),
        app::StatusCheck::Refused => ApiError(Failure::new(ErrorCode::StatusRefused)).into_response(),
        app::StatusCheck::TooManyAttempts { retry_after_seconds } => {
            let mut response = ApiError(Failure::new(ErrorCode::TooManyAttempts)).into_response();
            if let Ok(value) = HeaderValue::from_str(&retry_after_seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
    }
}

fn bad_request(rejection: JsonRejection) -> ApiError {
    ApiError(Failure::with_detail(ErrorCode::BadRequest, rejection.body_text()))
}

#[utoipa::path(post, path = "/api/v1/status", tag = "complainant", request_body = StatusRequest,
    security(()),
    responses((status = 200, body = StatusView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody, description = "wrong case code or passphrase (one answer for both)"),
        (status = 429, body = ErrorBody, description = "too many tries from this address or for this code; see Retry-After")))]
pub(crate) async fn status(
    State(state): State<AppState>,
    client: ClientAddress,
    body: Result<Json<StatusRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(request) = body.map_err(bad_request)?;
    let passphrase = Protected::new(request.passphrase);
    Ok(answer(state.app.complainant_status(&request.code, &passphrase, &client.0, now()).await?))
}

#[utoipa::path(post, path = "/api/v1/status/pressure", tag = "complainant", request_body = StatusRequest,
    security(()),
    responses((status = 200, body = StatusView, description = "the report was recorded; the status follows"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn pressure(
    State(state): State<AppState>,
    client: ClientAddress,
    body: Result<Json<StatusRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(request) = body.map_err(bad_request)?;
    let passphrase = Protected::new(request.passphrase);
    let check = state
        .app
        .complainant_reports_pressure(&request.code, &passphrase, &client.0, now(), &request.circumstances)
        .await?;
    Ok(answer(check))
}
