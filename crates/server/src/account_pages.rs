//! The second factor's pages: the code asked for after the password (`/login/code`), and the
//! enrolment of a TOTP authenticator app (`/account/second-factor`), where an administrator
//! without one is sent until they have one. And the administrator's list of accounts
//! (`/accounts`), with a lock lifted and a lost second factor reset from it.
//!
//! The code form belongs to no session: it is reached with the half-way cookie and guarded, as
//! the sign-in form is, by the double-submit CSRF cookie. The enrolment form is a member's and
//! carries the session's token.

use app::SignIn;
use askama::Template;
use axum::extract::Path;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::error::{ErrorCode, Failure};
use crate::i18n::Tr;
use crate::pages::{login_csrf, session_opened, too_many_attempts};
use crate::session::{
    CHALLENGE_COOKIE, ClientAddress, ENROL_PATH, LOGIN_CSRF_COOKIE, Member, anonymous_locale, csrf_matches, removal,
};
use crate::view::{Layout, Reply, error_page, redirect, render, require_csrf, show};
use crate::{AppState, now};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/login/code", get(code_form).post(code))
        .route("/account/second-factor", get(enrolment_form).post(enrol))
        .route("/account/recovery-codes", post(regenerate_recovery_codes))
        .route("/accounts", get(accounts))
        .route("/accounts/{id}/unlock", post(unlock))
        .route("/accounts/{id}/second-factor/reset", post(reset_second_factor))
}

#[derive(Template)]
#[template(path = "login_code.html")]
struct CodePage {
    layout: Layout,
    csrf: String,
    failed: bool,
    too_many: bool,
}

#[derive(Template)]
#[template(path = "second_factor.html")]
struct EnrolmentPage {
    layout: Layout,
    /// Already enrolled: nothing to set up.
    enrolled: bool,
    /// Sent here because the role requires a second factor.
    required: bool,
    secret: String,
    uri: String,
    pending: String,
    failed: bool,
    /// How many unused recovery codes are left, in words, when enrolled.
    codes_left: String,
}

/// Recovery codes just made: shown this once.
#[derive(Template)]
#[template(path = "recovery_codes.html")]
struct RecoveryCodesPage {
    layout: Layout,
    codes: Vec<String>,
}

fn recovery_codes_page(layout: Layout, codes: &app::RecoveryCodes) -> Reply {
    // The one place recovery codes are shown: to their owner, right after they are made.
    show(&RecoveryCodesPage { layout, codes: codes.iter().map(|code| code.expose().clone()).collect() })
}

/// Fields of the code and enrolment forms; missing fields are empty so a bare POST fails the CSRF
/// check rather than the form parser.
#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    pending: String,
}

/// The half-way token from its cookie, when it has the shape of a token.
fn challenge(jar: &CookieJar) -> Option<String> {
    let token = jar.get(CHALLENGE_COOKIE)?.value().to_owned();
    (token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())).then_some(token)
}

async fn code_form(State(state): State<AppState>, headers: HeaderMap, jar: CookieJar) -> Response {
    if challenge(&jar).is_none() {
        return Redirect::to("/login").into_response();
    }
    let tr = Tr::new(anonymous_locale(&headers));
    let (jar, csrf) = login_csrf(&state, jar);
    let page = CodePage { layout: Layout::anonymous(tr), csrf, failed: false, too_many: false };
    (jar, render(&page, StatusCode::OK)).into_response()
}

async fn code(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    client: ClientAddress,
    Form(form): Form<CodeForm>,
) -> Response {
    let tr = Tr::new(anonymous_locale(&headers));
    let expected = jar.get(LOGIN_CSRF_COOKIE).map(|c| c.value().to_owned()).unwrap_or_default();
    if !csrf_matches(&form.csrf, &expected) {
        return error_page(tr, None, Failure::new(ErrorCode::CsrfRejected));
    }
    let Some(token) = challenge(&jar) else { return Redirect::to("/login").into_response() };
    let page = |failed, too_many| CodePage { layout: Layout::anonymous(tr), csrf: expected.clone(), failed, too_many };
    match state.app.sign_in_second_factor(&token, &form.code, &client.0, now()).await {
        Ok(SignIn::Session(session)) => session_opened(&state, jar, session).await,
        Ok(SignIn::Refused | SignIn::SecondFactor { .. }) => {
            tracing::info!("failed second factor");
            render(&page(true, false), StatusCode::UNAUTHORIZED)
        }
        Ok(SignIn::ChallengeGone) => (jar.remove(removal(CHALLENGE_COOKIE)), Redirect::to("/login")).into_response(),
        Ok(SignIn::TooManyAttempts { retry_after_seconds }) => {
            too_many_attempts(page(false, true), retry_after_seconds)
        }
        Err(error) => error_page(tr, None, error.into()),
    }
}

async fn enrolment_form(State(state): State<AppState>, member: Member) -> Reply {
    let layout = Layout::member_at(&member, "", ENROL_PATH);
    let required = member.signed_in.must_enrol_second_factor();
    if member.signed_in.second_factor {
        let n_left = layout.check(state.app.recovery_codes_left(&member.signed_in).await)?;
        let codes_left = layout.tr.t_args("recovery-left", &[("total", n_left.to_string())]);
        let page = EnrolmentPage {
            layout,
            enrolled: true,
            required,
            secret: String::new(),
            uri: String::new(),
            pending: String::new(),
            failed: false,
            codes_left,
        };
        return show(&page);
    }
    let enrolment = layout.check(state.app.begin_totp_enrolment(&member.signed_in))?;
    show(&enrolment_page(layout, required, &enrolment, false))
}

fn enrolment_page(layout: Layout, required: bool, enrolment: &app::TotpEnrolment, failed: bool) -> EnrolmentPage {
    EnrolmentPage {
        layout,
        enrolled: false,
        required,
        // The one place the secret is shown: to its owner, to type into an authenticator app.
        secret: enrolment.secret.expose().clone(),
        uri: enrolment.uri.expose().clone(),
        pending: enrolment.pending.clone(),
        failed,
        codes_left: String::new(),
    }
}

async fn enrol(State(state): State<AppState>, member: Member, Form(form): Form<CodeForm>) -> Reply {
    require_csrf(&member, &form.csrf)?;
    let layout = Layout::member_at(&member, "", ENROL_PATH);
    let required = member.signed_in.must_enrol_second_factor();
    let confirmed =
        state.app.confirm_totp_enrolment(&member.signed_in, &member.token, &form.pending, &form.code, now()).await;
    match confirmed {
        Ok(codes) => recovery_codes_page(layout, &codes),
        // A wrong code: the same secret again, to try once more.
        Err(app::Error::BadInput { what: "code", .. }) => {
            let enrolment = layout.check(state.app.pending_totp_enrolment(&member.signed_in, &form.pending))?;
            let page = enrolment_page(layout, required, &enrolment, true);
            Ok(render(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(error) => Err(layout.fail(error.into())),
    }
}

async fn regenerate_recovery_codes(
    State(state): State<AppState>,
    member: Member,
    Form(form): Form<ActionForm>,
) -> Reply {
    require_csrf(&member, &form.csrf)?;
    let layout = Layout::member_at(&member, "", ENROL_PATH);
    let codes = layout.check(state.app.regenerate_recovery_codes(&member.signed_in, now()).await)?;
    recovery_codes_page(layout, &codes)
}

#[derive(Template)]
#[template(path = "accounts.html")]
struct AccountsPage {
    layout: Layout,
    rows: Vec<AccountRow>,
}

struct AccountRow {
    username: String,
    display_name: String,
    role: String,
    second_factor: bool,
    /// The reader's own account: its second factor is another administrator's to reset.
    own: bool,
    /// When the lock ends, empty when not locked.
    locked_until: String,
    unlock_action: String,
    reset_action: String,
}

/// The fields of the unlock and reset forms.
#[derive(Deserialize)]
struct ActionForm {
    #[serde(default)]
    csrf: String,
}

async fn accounts(State(state): State<AppState>, member: Member) -> Reply {
    let layout = Layout::member_at(&member, "", "/accounts");
    let accounts = layout.check(state.app.accounts(&member.actor(), now()).await)?;
    let rows = accounts
        .into_iter()
        .map(|account| AccountRow {
            role: layout.tr.code("role", account.role.as_str()),
            second_factor: account.second_factor,
            own: account.user_id == member.signed_in.user.id,
            locked_until: account.locked_until.map(crate::registry_pages::date_time).unwrap_or_default(),
            unlock_action: format!("/accounts/{}/unlock", account.user_id),
            reset_action: format!("/accounts/{}/second-factor/reset", account.user_id),
            username: account.username,
            display_name: account.display_name,
        })
        .collect();
    show(&AccountsPage { layout, rows })
}

async fn unlock(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Reply {
    require_csrf(&member, &form.csrf)?;
    let layout = Layout::member_at(&member, "", "/accounts");
    layout.check(state.app.unlock_account(&member.actor(), now(), &id).await)?;
    redirect("/accounts")
}

async fn reset_second_factor(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Reply {
    require_csrf(&member, &form.csrf)?;
    let layout = Layout::member_at(&member, "", "/accounts");
    layout.check(state.app.reset_second_factor(&member.actor(), now(), &id).await)?;
    redirect("/accounts")
}
