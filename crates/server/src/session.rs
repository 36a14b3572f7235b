//! Who is asking: the session cookie, the signed-in member, the visitor's language, and the CSRF
//! checks for forms.
//!
//! Authorization is not decided here: `app` decides what a member's role may read. This module
//! only establishes identity.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use domain::access::Actor;
use domain::entity::Locale;

use crate::error::{ApiError, ErrorCode, Failure};
use crate::i18n::{self, Tr};
use crate::{AppState, ServerConfig, now};

/// The session token cookie.
pub(crate) const SESSION_COOKIE: &str = "aqiqat_session";
/// The double-submit token for the sign-in form, before any session exists.
pub(crate) const LOGIN_CSRF_COOKIE: &str = "aqiqat_login_csrf";
/// The language an anonymous visitor chose.
pub(crate) const LANG_COOKIE: &str = "aqiqat_lang";
/// The half-way sign-in: the password was right, the second factor is awaited. Not a session.
pub(crate) const CHALLENGE_COOKIE: &str = "aqiqat_challenge";

/// Where an administrator without a second factor is sent, and the only pages open to them (with
/// signing out and the language switch).
pub(crate) const ENROL_PATH: &str = "/account/second-factor";
const OPEN_BEFORE_ENROLMENT: [&str; 3] = [ENROL_PATH, "/logout", "/locale"];

/// A cookie only the server reads: HttpOnly, SameSite=Strict, whole site, Secure behind TLS.
pub(crate) fn private_cookie(config: &ServerConfig, name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build((name, value))
        .http_only(true)
        .same_site(SameSite::Strict)
        .path("/")
        .secure(config.secure_cookies)
        .build()
}

/// The cookie that remembers an anonymous visitor's language for a year.
pub(crate) fn lang_cookie(config: &ServerConfig, locale: Locale) -> Cookie<'static> {
    let mut cookie = private_cookie(config, LANG_COOKIE, locale.as_str().to_owned());
    cookie.set_same_site(SameSite::Lax);
    cookie.set_max_age(None);
    // The cookie crate's own duration type is not re-exported; a parsed attribute is the same.
    let with_age = format!("{cookie}; Max-Age=31536000");
    Cookie::parse(with_age).unwrap_or(cookie)
}

/// A cookie that tells the browser to forget `name`.
pub(crate) fn removal(name: &'static str) -> Cookie<'static> {
    let mut cookie = Cookie::build((name, "")).path("/").build();
    cookie.make_removal();
    cookie
}

/// Compares a submitted CSRF token with the expected one in constant time; empty never matches.
pub(crate) fn csrf_matches(submitted: &str, expected: &str) -> bool {
    !expected.is_empty() && crypto::token::secrets_equal(submitted, expected)
}

/// The language of an anonymous visitor: cookie, then `Accept-Language`, then English.
pub(crate) fn anonymous_locale(headers: &HeaderMap) -> Locale {
    let jar = CookieJar::from_headers(headers);
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    i18n::negotiate(jar.get(LANG_COOKIE).map(|c| c.value()), accept)
}

/// The signed-in member behind the session cookie, if any.
async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<Option<Member>, Failure> {
    let jar = CookieJar::from_headers(headers);
    let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) else { return Ok(None) };
    // A token is 64 hex characters; anything else cannot match and need not reach the database.
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let session = state.app.session(&token, now()).await.map_err(Failure::from)?;
    Ok(session.map(|signed_in| Member { signed_in, token }))
}

/// A signed-in user with a live session.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) signed_in: app::SignedIn,
    /// The session token, to end the session on sign-out.
    pub(crate) token: String,
}

impl Member {
    pub(crate) fn actor(&self) -> Actor {
        self.signed_in.actor()
    }

    pub(crate) fn tr(&self) -> Tr {
        Tr::new(self.signed_in.user.locale)
    }

    pub(crate) fn csrf_token(&self) -> &str {
        &self.signed_in.csrf_token
    }
}

/// Anyone: a member or an anonymous visitor, with the language to answer in.
#[derive(Debug, Clone)]
pub(crate) struct Visitor {
    pub(crate) member: Option<Member>,
    pub(crate) tr: Tr,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Visitor, Response> {
        // A broken session lookup must not hide a 404 or the login page: treat it as anonymous.
        let member = signed_in(state, &parts.headers).await.unwrap_or(None);
        let tr = member.as_ref().map_or_else(|| Tr::new(anonymous_locale(&parts.headers)), Member::tr);
        Ok(Visitor { member, tr })
    }
}

/// Whether a member must enrol a second factor before anything else: an administrator without
/// one, when the deployment requires it.
fn must_enrol(state: &AppState, member: &Member) -> bool {
    state.config.require_admin_second_factor && member.signed_in.must_enrol_second_factor()
}

/// A member for an HTML page; anonymous visitors are sent to the sign-in page, administrators
/// without a second factor to its enrolment.
impl FromRequestParts<AppState> for Member {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Member, Response> {
        match signed_in(state, &parts.headers).await {
            Ok(Some(member)) if must_enrol(state, &member) && !OPEN_BEFORE_ENROLMENT.contains(&parts.uri.path()) => {
                Err(Redirect::to(ENROL_PATH).into_response())
            }
            Ok(Some(member)) => Ok(member),
            Ok(None) => Err(Redirect::to("/login").into_response()),
            Err(failure) => Err(crate::view::error_page(Tr::new(anonymous_locale(&parts.headers)), None, failure)),
        }
    }
}

/// A member for the JSON API; anonymous callers get `401 unauthenticated`.
#[derive(Debug, Clone)]
pub(crate) struct ApiMember(pub(crate) Member);

impl FromRequestParts<AppState> for ApiMember {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<ApiMember, ApiError> {
        match signed_in(state, &parts.headers).await? {
            // The API offers no enrolment: an administrator enrols on the page first.
            Some(member) if must_enrol(state, &member) => Err(ErrorCode::Denied.into()),
            Some(member) => Ok(ApiMember(member)),
            None => Err(ErrorCode::Unauthenticated.into()),
        }
    }
}

/// The client's address, for counting failed sign-ins: the listener's peer, or, when that peer is
/// the configured trusted proxy, the last address of its `X-Forwarded-For` (the one the proxy
/// appended; earlier ones are the client's to forge). `unknown` when the router runs without a
/// peer (tests).
#[derive(Debug, Clone)]
pub(crate) struct ClientAddress(pub(crate) String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<ClientAddress, Self::Rejection> {
        let peer = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|info| info.0.ip());
        Ok(ClientAddress(client_address(peer, state.config.trusted_proxy, &parts.headers)))
    }
}

fn client_address(
    peer: Option<std::net::IpAddr>,
    trusted_proxy: Option<std::net::IpAddr>,
    headers: &HeaderMap,
) -> String {
    let Some(peer) = peer else { return "unknown".to_owned() };
    if trusted_proxy != Some(peer) {
        return peer.to_string();
    }
    let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>();
    let last = forwarded.last().and_then(|v| v.rsplit(',').next()).map(str::trim);
    match last.and_then(|text| text.parse::<std::net::IpAddr>().ok()) {
        Some(client) => client.to_string(),
        None => peer.to_string(),
    }
}

/// Marks every cookie of the response `Secure` when the request came from the trusted proxy over
/// TLS (`X-Forwarded-Proto: https`), so that a deployment behind a TLS-terminating proxy need not
/// also pass `--secure-cookies`. From any other peer the header is ignored.
pub(crate) async fn secure_cookies_behind_proxy(
    axum::extract::State(config): axum::extract::State<ServerConfig>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let peer = request.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|info| info.0.ip());
    let over_tls = request.headers().get("x-forwarded-proto").is_some_and(|proto| proto.as_bytes() == b"https");
    let forwarded_tls = peer.is_some() && peer == config.trusted_proxy && over_tls;
    let mut response = next.run(request).await;
    if forwarded_tls && !config.secure_cookies {
        mark_secure(response.headers_mut());
    }
    response
}

/// Adds `Secure` to every `Set-Cookie` header that lacks it.
fn mark_secure(headers: &mut HeaderMap) {
    let cookies: Vec<_> = headers.get_all(header::SET_COOKIE).iter().cloned().collect();
    headers.remove(header::SET_COOKIE);
    for cookie in cookies {
        let text = cookie.to_str().unwrap_or_default();
        let secure = text.split(';').any(|part| part.trim().eq_ignore_ascii_case("secure"));
        let value = if secure || text.is_empty() {
            cookie
        } else {
            axum::http::HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or(cookie)
        };
        headers.append(header::SET_COOKIE, value);
    }
}

/// Whether `back` is a path on this site, safe to redirect to after a form.
pub(crate) fn is_local_path(back: &str) -> bool {
    back.starts_with('/') && !back.starts_with("//") && !back.contains(['\\', '\r', '\n'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert!(is_local_path("/persons?after=per_x"));
        assert!(!is_local_path("//evil.example/"));
        assert!(!is_local_path("https://evil.example/"));
        assert!(!is_local_path("/\\evil.example"));
        assert!(!is_local_path(""));
    }

    #[test]
    fn empty_csrf_tokens_never_match() {
        assert!(!csrf_matches("", ""));
        assert!(csrf_matches("abc", "abc"));
        assert!(!csrf_matches("abd", "abc"));
    }

    fn check(peer: &str, trusted: Option<&str>, forwarded: &[&str], expect: &str) {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        let parse = |text: &str| text.parse().unwrap();
        assert_eq!(client_address(Some(parse(peer)), trusted.map(parse), &headers), expect);
    }

    #[test]
    fn forwarded_for_counts_only_from_the_trusted_proxy() {
        check("203.0.113.9", None, &["198.51.100.1"], "203.0.113.9");
        check("203.0.113.9", Some("10.0.0.1"), &["198.51.100.1"], "203.0.113.9");
        check("10.0.0.1", Some("10.0.0.1"), &["198.51.100.1"], "198.51.100.1");
        check("10.0.0.1", Some("10.0.0.1"), &["1.2.3.4, 198.51.100.1"], "198.51.100.1");
        check("10.0.0.1", Some("10.0.0.1"), &["1.2.3.4", "198.51.100.1"], "198.51.100.1");
        check("10.0.0.1", Some("10.0.0.1"), &["not an address"], "10.0.0.1");
        check("10.0.0.1", Some("10.0.0.1"), &[], "10.0.0.1");
    }
}
