//! Integration tests of the web shell: requests through `server::router` over an in-memory
//! database, checking sign-in, CSRF, languages, pages, the JSON API and security headers.

mod api;
mod pages;
mod support;
