//! The evidence vault's JSON API: `POST /api/v1/evidence`, the file as the request body, streamed
//! into the vault chunk by chunk and hashed as it arrives (never whole in memory), its
//! `Content-Type` recorded as the media type; what the file is in the query string.

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, header};
use axum::routing::post;
use axum::{Json, Router};
use domain::access::Action;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::evidence_pages::{FORM_OVERHEAD, UploadFields, new_evidence};
use crate::session::{ApiMember, csrf_matches};
use crate::{AppState, now};

/// The upload route (under `/api/v1`), with the vault's body limit.
pub(crate) fn upload_routes(max_bytes: u64) -> Router<AppState> {
    let limit = usize::try_from(max_bytes.saturating_add(FORM_OVERHEAD)).unwrap_or(usize::MAX);
    Router::new().route("/evidence", post(api_upload)).layer(DefaultBodyLimit::max(limit))
}

/// An evidence item as the upload answers it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EvidenceView {
    pub(crate) id: String,
    pub(crate) title: String,
    /// Lower-case hex SHA-256 of the file, computed as it arrived.
    pub(crate) sha256: String,
    pub(crate) size_bytes: u64,
    pub(crate) media_type: String,
    pub(crate) received_at: String,
    /// For a working copy: the original's id.
    pub(crate) derived_from: Option<String>,
    pub(crate) derivation: Option<String>,
    /// True when the same bytes were already an evidence item (this one): nothing new was stored.
    pub(crate) recognised: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct EvidenceParams {
    /// What the file is.
    title: String,
    /// Where it came from (the note of the `received` custody entry).
    note: Option<String>,
    /// The incident it documents, `inc_…`.
    incident_id: Option<String>,
    /// For a working copy: the original it was made from, `evd_…`.
    derived_from: Option<String>,
    /// For a working copy: how it was made (`faces blurred`).
    derivation: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/evidence", tag = "evidence", params(EvidenceParams,
        ("x-csrf-token" = String, Header, description = "the session's CSRF token")),
    request_body(content = Vec<u8>, description = "the file, as is; its Content-Type is recorded as the media type", content_type = "application/octet-stream"),
    responses((status = 200, body = EvidenceView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody)))]
pub(crate) async fn api_upload(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    headers: HeaderMap,
    query: Result<Query<EvidenceParams>, QueryRejection>,
    body: Body,
) -> Result<Json<EvidenceView>, ApiError> {
    if !state.app.may(&member.actor(), Action::HandleEvidence) {
        return Err(ErrorCode::Denied.into());
    }
    let token = headers.get(crate::api_registry::CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !csrf_matches(token, member.csrf_token()) {
        return Err(ErrorCode::CsrfRejected.into());
    }
    let Query(params) = query.map_err(|_| ApiError::from(ErrorCode::BadRequest))?;
    let media_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let fields = UploadFields {
        title: params.title,
        note: params.note.unwrap_or_default(),
        incident: params.incident_id.unwrap_or_default(),
        derived_from: params.derived_from.unwrap_or_default(),
        derivation: params.derivation.unwrap_or_default(),
        ..UploadFields::default()
    };
    let new = new_evidence(&fields, media_type)?;
    let mut upload = state.app.begin_upload(&member.actor())?;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| ApiError::from(ErrorCode::TooLarge))?;
        upload.write(&chunk).await?;
    }
    let added = state.app.add_evidence(&member.actor(), now(), upload, new).await?;
    let e = added.evidence;
    Ok(Json(EvidenceView {
        id: e.id.to_string(),
        title: e.title,
        sha256: e.sha256,
        size_bytes: e.size_bytes,
        media_type: e.media_type,
        received_at: e.received_at.to_rfc3339(),
        derived_from: e.derived_from.map(|id| id.to_string()),
        derivation: e.derivation,
        recognised: added.recognised,
    }))
}
