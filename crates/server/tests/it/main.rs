//! Integration tests of the web shell: requests through `server::router` over an in-memory
//! database, checking sign-in, CSRF, languages, pages, the JSON API, security headers, and the
//! victim registry's pages and API (imports, linking, review, decisions, capture histories), the
//! estimation page, vetting (requests, decisions, the batch API), and the role matrix of every route.

mod accounts;
mod api;
mod complaints;
mod estimation;
mod evidence;
mod leaks;
mod pages;
mod registry;
mod releases;
mod roles;
mod support;
mod vetting;
