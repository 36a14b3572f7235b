//! The one table of failure codes shared by the HTML pages and the JSON API, and the mapping of
//! application errors onto it.
//!
//! Internal errors never reach the client in detail: the client gets a generic message and a
//! request id, and the detail goes to the log under that id.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// What went wrong, as the client sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorCode {
    NotFound,
    Denied,
    Unauthenticated,
    BadRequest,
    CsrfRejected,
    /// The request contradicts the state: a file imported before, a pair decided already.
    Conflict,
    /// An uploaded file over the size limit.
    TooLarge,
    /// The status page's case code and passphrase do not match (wrong code or wrong passphrase:
    /// one answer for both).
    StatusRefused,
    /// Too many tries: wait the `Retry-After` seconds.
    TooManyAttempts,
    Internal,
}

impl ErrorCode {
    /// The table: stable code, HTTP status, English message for the API, and the Fluent ids of the
    /// error page's heading and text.
    fn row(self) -> (&'static str, StatusCode, &'static str, &'static str, &'static str) {
        use ErrorCode::*;
        match self {
            NotFound => {
                ("not-found", StatusCode::NOT_FOUND, "no such item", "error-not-found-title", "error-not-found-text")
            }
            Denied => (
                "denied",
                StatusCode::FORBIDDEN,
                "your role may not do this",
                "error-denied-title",
                "error-denied-text",
            ),
            Unauthenticated => (
                "unauthenticated",
                StatusCode::UNAUTHORIZED,
                "sign in first",
                "error-denied-title",
                "error-denied-text",
            ),
            BadRequest => (
                "bad-request",
                StatusCode::BAD_REQUEST,
                "the request is malformed",
                "error-bad-request-title",
                "error-bad-request-text",
            ),
            CsrfRejected => (
                "csrf-rejected",
                StatusCode::FORBIDDEN,
                "the form token or origin is not valid",
                "error-csrf-title",
                "error-csrf-text",
            ),
            Conflict => (
                "conflict",
                StatusCode::CONFLICT,
                "the request conflicts with what is recorded",
                "error-conflict-title",
                "error-conflict-text",
            ),
            TooLarge => (
                "too-large",
                StatusCode::PAYLOAD_TOO_LARGE,
                "the upload is too large",
                "error-too-large-title",
                "error-too-large-text",
            ),
            StatusRefused => (
                "status-refused",
                StatusCode::UNAUTHORIZED,
                "no complaint has this case code and passphrase",
                "status-refused-title",
                "status-refused",
            ),
            TooManyAttempts => (
                "too-many-attempts",
                StatusCode::TOO_MANY_REQUESTS,
                "too many attempts: wait as Retry-After says",
                "status-too-many-title",
                "status-too-many",
            ),
            Internal => (
                "internal",
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error",
                "error-internal-title",
                "error-internal-text",
            ),
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        self.row().0
    }

    pub(crate) fn status(self) -> StatusCode {
        self.row().1
    }

    pub(crate) fn message(self) -> &'static str {
        self.row().2
    }

    pub(crate) fn title_id(self) -> &'static str {
        self.row().3
    }

    pub(crate) fn text_id(self) -> &'static str {
        self.row().4
    }
}

/// A failure classified for the client, with the request id when the detail was logged.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub(crate) code: ErrorCode,
    pub(crate) request_id: Option<String>,
    /// What exactly was wrong, for failures the client caused and can fix (a column missing from
    /// an upload, a decision that contradicts another). Never set for internal errors.
    pub(crate) detail: Option<String>,
}

impl Failure {
    pub(crate) fn new(code: ErrorCode) -> Failure {
        Failure { code, request_id: None, detail: None }
    }

    pub(crate) fn with_detail(code: ErrorCode, detail: String) -> Failure {
        Failure { code, request_id: None, detail: Some(detail) }
    }

    /// Logs `detail` under a fresh request id and returns an internal failure naming it.
    pub(crate) fn internal(detail: &dyn std::fmt::Display) -> Failure {
        let request_id = crypto::token::random_token()[..16].to_owned();
        tracing::error!(%request_id, error = %detail, "internal error");
        Failure { code: ErrorCode::Internal, request_id: Some(request_id), detail: None }
    }
}

impl From<app::Error> for Failure {
    fn from(error: app::Error) -> Failure {
        match error {
            app::Error::NotFound { .. } => Failure::new(ErrorCode::NotFound),
            app::Error::Denied(_) => Failure::new(ErrorCode::Denied),
            app::Error::Invalid(_) | app::Error::UsernameTaken(_) => Failure::new(ErrorCode::BadRequest),
            app::Error::BadInput { .. } | app::Error::UnreadableFile { .. } | app::Error::Linkage(_) => {
                Failure::with_detail(ErrorCode::BadRequest, error.to_string())
            }
            app::Error::TooLarge { .. } => Failure::with_detail(ErrorCode::TooLarge, error.to_string()),
            app::Error::DuplicateImport { .. } | app::Error::Conflict(_) => {
                Failure::with_detail(ErrorCode::Conflict, error.to_string())
            }
            app::Error::Store(_) | app::Error::Crypto(_) | app::Error::WrongKey { .. } => Failure::internal(&error),
        }
    }
}

/// The JSON body of every API error.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ErrorBody {
    /// One of `not-found`, `denied`, `unauthenticated`, `bad-request`, `csrf-rejected`, `conflict`,
    /// `too-large`, `status-refused`, `too-many-attempts`, `internal`.
    pub(crate) code: String,
    pub(crate) message: String,
    /// What exactly was wrong, when the client can fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) detail: Option<String>,
    /// Set for internal errors: quote it when reporting the problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) request_id: Option<String>,
}

/// An API failure: rendered as [`ErrorBody`] with the code's status.
#[derive(Debug)]
pub(crate) struct ApiError(pub(crate) Failure);

impl<E: Into<Failure>> From<E> for ApiError {
    fn from(error: E) -> ApiError {
        ApiError(error.into())
    }
}

impl From<ErrorCode> for Failure {
    fn from(code: ErrorCode) -> Failure {
        Failure::new(code)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let Failure { code, request_id, detail } = self.0;
        let body = ErrorBody { code: code.as_str().to_owned(), message: code.message().to_owned(), detail, request_id };
        (code.status(), Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct() {
        use ErrorCode::*;
        let all = [
            NotFound,
            Denied,
            Unauthenticated,
            BadRequest,
            CsrfRejected,
            Conflict,
            TooLarge,
            StatusRefused,
            TooManyAttempts,
            Internal,
        ];
        let codes: std::collections::BTreeSet<_> = all.iter().map(|c| c.as_str()).collect();
        assert_eq!(codes.len(), all.len());
    }
}
