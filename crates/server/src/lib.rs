//! The web shell of Aqiqat: server-rendered HTML pages and the JSON API under `/api/v1/`, over
//! the use cases of crate `app`.
//!
//! The server authenticates (sessions, CSRF) and renders; it never decides who may read what
//! (that is `app`'s job) and never touches the store. It reads the clock in one place, [`now`],
//! and passes the time to `app`.

// Panics are bugs: a request must never bring a worker down (tests may unwrap, see clippy.toml).
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod account_pages;
mod api;
mod api_complaints;
mod api_evidence;
mod api_forces;
mod api_registry;
mod api_vetting;
mod complaint_pages;
mod error;
mod estimation_page;
mod evidence_pages;
mod i18n;
mod pages;
mod plots;
mod protected_pages;
mod registry_pages;
mod release_pages;
mod session;
mod vetting_pages;
mod view;

use std::future::Future;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use domain::date::Timestamp;
use tower::ServiceBuilder;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::{ErrorCode, Failure};

/// How the server is deployed.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Mark cookies `Secure`: set when the site is served over TLS (directly or behind a proxy);
    /// unset only for plain HTTP on localhost.
    pub secure_cookies: bool,
    /// Send administrators without a TOTP second factor to its enrolment, and nowhere else,
    /// until they have one. Always on in `aqiqat serve`; off only in tests of other things.
    pub require_admin_second_factor: bool,
    /// The reverse proxy whose `X-Forwarded-For` names the client (its last address). Requests from
    /// any other peer, and every request when unset, are counted by the peer's own address: the
    /// header is never trusted by default.
    pub trusted_proxy: Option<std::net::IpAddr>,
}

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) app: app::App,
    pub(crate) config: ServerConfig,
}

/// The largest request body accepted outside uploads: forms here are a few hundred bytes.
const MAX_BODY_BYTES: usize = 64 * 1024;

const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The current time. The only place the server reads the clock.
pub(crate) fn now() -> Timestamp {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX));
    Timestamp::from_millis(millis)
}

/// All routes, with security headers on every response.
pub fn router(app: app::App, config: ServerConfig) -> Router {
    let proxy_config = config.clone();
    // Evidence uploads take files up to the vault's limit (none without a vault: refused anyway).
    let evidence_max = app.vault().map_or(0, app::Vault::max_bytes);
    let state = AppState { app, config };
    let headers = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    let small = Router::new()
        .merge(pages::routes())
        .merge(account_pages::routes())
        .merge(registry_pages::routes())
        .merge(estimation_page::routes())
        .merge(protected_pages::routes())
        .merge(release_pages::routes())
        .merge(evidence_pages::routes())
        .merge(complaint_pages::routes())
        .merge(vetting_pages::routes())
        .nest(
            "/api/v1",
            api::routes().merge(api_registry::routes()).merge(api_complaints::routes()).merge(api_forces::routes()),
        )
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
    // Uploads take files up to `MAX_UPLOAD_BYTES`; nothing else accepts more than a form.
    let uploads = Router::new()
        .merge(registry_pages::upload_routes())
        .merge(vetting_pages::upload_routes())
        .nest("/api/v1", api_registry::upload_routes().merge(api_vetting::upload_routes()))
        .layer(RequestBodyLimitLayer::new(registry_pages::MAX_UPLOAD_BYTES + 64 * 1024));
    let evidence_limit =
        usize::try_from(evidence_max.saturating_add(evidence_pages::FORM_OVERHEAD)).unwrap_or(usize::MAX);
    let evidence_uploads = Router::new()
        .merge(evidence_pages::upload_routes(evidence_max))
        .nest("/api/v1", api_evidence::upload_routes(evidence_max))
        .layer(RequestBodyLimitLayer::new(evidence_limit));
    Router::new()
        .merge(small)
        .merge(uploads)
        .merge(evidence_uploads)
        .fallback(pages::not_found)
        .layer(middleware::from_fn(reject_cross_origin))
        .layer(middleware::from_fn_with_state(proxy_config, session::secure_cookies_behind_proxy))
        .layer(headers)
        .with_state(state)
}

/// Serves `router` on `listener` until `shutdown` completes, then lets open requests finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: app::App,
    config: ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The peer address reaches handlers for counting failed sign-ins per client.
    let service = router(app, config).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown).await
}

/// Refuses state-changing requests whose `Origin` names another site (a second line of defence
/// behind the CSRF token and SameSite cookies).
async fn reject_cross_origin(request: Request<Body>, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || is_same_origin(request.headers()) {
        return next.run(request).await;
    }
    let failure = Failure::new(ErrorCode::CsrfRejected);
    if request.uri().path().starts_with("/api/") {
        error::ApiError(failure).into_response()
    } else {
        view::error_page(i18n::Tr::new(session::anonymous_locale(request.headers())), None, failure)
    }
}

/// True when there is no `Origin` header, or its host and port equal the `Host` header.
fn is_same_origin(headers: &axum::http::HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else { return true };
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return false };
    let Ok(origin) = origin.to_str() else { return false };
    let authority = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    authority.is_some_and(|authority| authority.eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderMap;

    use super::*;

    fn check(origin: Option<&str>, host: &str) -> bool {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        if let Some(origin) = origin {
            headers.insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
        }
        is_same_origin(&headers)
    }

    #[test]
    fn origin_must_name_this_host() {
        assert!(check(None, "localhost:8080"));
        assert!(check(Some("http://localhost:8080"), "localhost:8080"));
        assert!(check(Some("https://aqiqat.example"), "aqiqat.example"));
        assert!(!check(Some("https://evil.example"), "aqiqat.example"));
        assert!(!check(Some("null"), "aqiqat.example"));
        assert!(!check(Some("http://localhost:8081"), "localhost:8080"));
    }
}
