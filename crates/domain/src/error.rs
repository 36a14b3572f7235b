//! The domain crate's one error type: values that do not parse into domain types.

/// A value given at an edge (form, CSV cell, command-line argument) that is not a valid domain value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("`{value}` is not a valid {what} id (expected `{prefix}_` followed by 16 letters or digits)")]
    InvalidId { what: &'static str, prefix: &'static str, value: String },
    #[error("`{value}` is not a date (expected YYYY, YYYY-MM, YYYY-MM-DD or FROM..TO)")]
    InvalidDate { value: String },
    #[error("date range `{value}` ends before it starts")]
    ReversedDateRange { value: String },
    #[error("`{value}` is not a known {what}")]
    UnknownVariant { what: &'static str, value: String },
    #[error("{what} must not be empty")]
    Empty { what: &'static str },
}
