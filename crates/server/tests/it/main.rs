//! Integration tests of the web shell: requests through `server::router` over an in-memory
//! database, checking sign-in, CSRF, languages, pages, the JSON API, security headers, and the
//! victim registry's pages and API (imports, linking, review, decisions, capture histories).

mod api;
mod pages;
mod registry;
mod support;
