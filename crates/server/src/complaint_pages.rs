//! Complaints: the complainant's status page (`/status`, no account), the investigators' list of
//! allegations with reported pressure first, intake with the case code and passphrase shown once
//! on a sheet printable in the complainant's language, an allegation's follow-up (timeline, steps,
//! withdrawals, pressure, a new passphrase), the counts of withdrawals and pressure, the
//! accountability funnel beside the official figures, and cases.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use axum_extra::extract::cookie::CookieJar;
use domain::access::Action;
use domain::entity::*;
use domain::id::{IncidentId, UnitId};
use domain::protected::Protected;
use serde::Deserialize;

use crate::error::{ErrorCode, Failure};
use crate::i18n::{Tr, parse_locale};
use crate::pages::{login_csrf, too_many_attempts};
use crate::registry_pages::date_time;
use crate::session::{ClientAddress, LOGIN_CSRF_COOKIE, Member, anonymous_locale, csrf_matches, lang_cookie};
use crate::view::{
    Cell, Choice, Fact, Layout, Reply, Table, csrf_field, detail_page, error_page, fact, redirect, render,
    require_csrf, show,
};
use crate::{AppState, now};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/status", get(status_form).post(status_check))
        .route("/status/pressure", post(status_pressure))
        .route("/allegations", get(allegations).post(intake))
        .route("/allegations/new", get(intake_form))
        .route("/allegations/{id}/follow-up", get(follow_up))
        .route("/allegations/{id}/steps", post(add_step))
        .route("/allegations/{id}/withdrawals", post(withdraw))
        .route("/allegations/{id}/pressure", post(pressure))
        .route("/allegations/{id}/passphrase", post(rotate))
        .route("/withdrawals", get(withdrawal_counts))
        .route("/accountability", get(accountability))
        .route("/cases", get(cases))
        .route("/cases/{id}", get(case))
}

fn today() -> jiff::civil::Date {
    jiff::Timestamp::from_millisecond(now().as_millis())
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
        .unwrap_or(jiff::civil::date(2022, 1, 1))
}

fn choices<T: Copy + PartialEq>(
    tr: Tr,
    prefix: &str,
    all: &[T],
    code: fn(T) -> &'static str,
    selected: Option<T>,
) -> Vec<Choice> {
    all.iter()
        .map(|&item| Choice {
            value: code(item).to_owned(),
            label: tr.code(prefix, code(item)),
            selected: Some(item) == selected,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The complainant's status page.

#[derive(Template)]
#[template(path = "status.html")]
struct StatusPage {
    layout: Layout,
    csrf: String,
    code: String,
    /// The passphrase as typed, carried in the result's pressure form (never shown).
    passphrase: String,
    refused: bool,
    too_many: bool,
    pressure_recorded: bool,
    found: Option<StatusView>,
}

struct StatusView {
    code: String,
    kind: String,
    steps: Vec<Table>,
    pressure_reported_at: Option<String>,
}

#[derive(Debug, Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

#[derive(Deserialize)]
struct StatusForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    passphrase: String,
    #[serde(default)]
    circumstances: String,
}

fn status_layout(tr: Tr) -> Layout {
    let mut layout = Layout::anonymous(tr);
    layout.back = "/status".to_owned();
    layout
}

async fn status_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    Query(query): Query<LangQuery>,
) -> Response {
    let (jar, tr) = match query.lang.as_deref().and_then(parse_locale) {
        Some(locale) => (jar.add(lang_cookie(&state.config, locale)), Tr::new(locale)),
        None => (jar, Tr::new(anonymous_locale(&headers))),
    };
    let (jar, csrf) = login_csrf(&state, jar);
    let page = StatusPage {
        layout: status_layout(tr),
        csrf,
        code: String::new(),
        passphrase: String::new(),
        refused: false,
        too_many: false,
        pressure_recorded: false,
        found: None,
    };
    (jar, render(&page, StatusCode::OK)).into_response()
}

fn status_view(tr: Tr, status: app::ComplainantStatus) -> StatusView {
    let rows = status
        .steps
        .iter()
        .map(|step| {
            let mut what = tr.code("allegation-status", step.status.as_str());
            if let Some(reason) = step.closure_reason {
                what = format!("{what}: {}", tr.code("closure", reason.as_str()));
            }
            if let Some(verdict) = step.verdict {
                what = format!("{what}: {}", tr.code("court-verdict", verdict.as_str()));
            }
            vec![Cell::text(step.on.to_string()), Cell::text(what), Cell::text(step.note.clone())]
        })
        .collect();
    StatusView {
        code: status.code,
        kind: tr.code("violation", status.kind.as_str()),
        steps: vec![Table::new(tr, "status-timeline", &["col-date", "col-status", "col-note"], rows)],
        pressure_reported_at: status.pressure_reported_at.map(date_time),
    }
}

/// The page for a check's answer: the status, the one refusal (401), or 429 with `Retry-After`.
fn status_answer(mut page: StatusPage, check: app::StatusCheck, tr: Tr) -> Response {
    match check {
        app::StatusCheck::Found(status) => {
            page.found = Some(status_view(tr, status));
            render(&page, StatusCode::OK)
        }
        app::StatusCheck::Refused => {
            page.refused = true;
            page.passphrase.clear();
            page.pressure_recorded = false;
            render(&page, StatusCode::UNAUTHORIZED)
        }
        app::StatusCheck::TooManyAttempts { retry_after_seconds } => {
            page.too_many = true;
            page.passphrase.clear();
            page.pressure_recorded = false;
            too_many_attempts(page, retry_after_seconds)
        }
    }
}

async fn status_check(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    client: ClientAddress,
    Form(form): Form<StatusForm>,
) -> Response {
    let tr = Tr::new(anonymous_locale(&headers));
    let expected = jar.get(LOGIN_CSRF_COOKIE).map(|c| c.value().to_owned()).unwrap_or_default();
    if !csrf_matches(&form.csrf, &expected) {
        return error_page(tr, None, Failure::new(ErrorCode::CsrfRejected));
    }
    let passphrase = Protected::new(form.passphrase.clone());
    let check = match state.app.complainant_status(&form.code, &passphrase, &client.0, now()).await {
        Ok(check) => check,
        Err(error) => return error_page(tr, None, error.into()),
    };
    let page = StatusPage {
        layout: status_layout(tr),
        csrf: expected,
        code: form.code,
        passphrase: form.passphrase,
        refused: false,
        too_many: false,
        pressure_recorded: false,
        found: None,
    };
    status_answer(page, check, tr)
}

async fn status_pressure(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    client: ClientAddress,
    Form(form): Form<StatusForm>,
) -> Response {
    let tr = Tr::new(anonymous_locale(&headers));
    let expected = jar.get(LOGIN_CSRF_COOKIE).map(|c| c.value().to_owned()).unwrap_or_default();
    if !csrf_matches(&form.csrf, &expected) {
        return error_page(tr, None, Failure::new(ErrorCode::CsrfRejected));
    }
    let passphrase = Protected::new(form.passphrase.clone());
    let check = match state
        .app
        .complainant_reports_pressure(&form.code, &passphrase, &client.0, now(), &form.circumstances)
        .await
    {
        Ok(check) => check,
        Err(error) => return error_page(tr, None, error.into()),
    };
    let page = StatusPage {
        layout: status_layout(tr),
        csrf: expected,
        code: form.code,
        passphrase: form.passphrase,
        refused: false,
        too_many: false,
        pressure_recorded: true,
        found: None,
    };
    status_answer(page, check, tr)
}

// ---------------------------------------------------------------------------------------------
// The investigators' pages.

fn status_label(tr: Tr, status: Option<AllegationStatus>) -> String {
    status.map(|s| tr.code("allegation-status", s.as_str())).unwrap_or_default()
}

async fn allegations(State(state): State<AppState>, member: Member, uri: Uri) -> Reply {
    let layout = Layout::member(&member, "allegations", &uri);
    let tr = layout.tr;
    let (rows, reports) = layout.check(state.app.allegation_list(&member.actor()).await)?;
    let today = today();
    let urgent = reports
        .iter()
        .map(|report| {
            vec![
                Cell::text(date_time(report.at)),
                Cell::link(
                    report.allegation_id.to_string(),
                    format!("/allegations/{}/follow-up", report.allegation_id),
                ),
                Cell::text(tr.code("reported-by", report.reported_by.as_str())),
                Cell::text(report.circumstances.clone()),
            ]
        })
        .collect();
    let list = rows
        .iter()
        .map(|row| {
            let overdue = app::overdue(row.deadline, today);
            vec![
                Cell::link(row.id.to_string(), format!("/allegations/{}/follow-up", row.id)),
                Cell::text(tr.code("violation", row.kind.as_str())),
                Cell::text(status_label(tr, row.status)),
                Cell::text(row.registered_on.map(|d| d.to_string()).unwrap_or_default()),
                Cell::text(row.last_step_on.map(|d| d.to_string()).unwrap_or_default()),
                Cell::text(match (row.deadline, overdue) {
                    (Some(deadline), true) => format!("{deadline} — {}", tr.t("overdue")),
                    (Some(deadline), false) => deadline.to_string(),
                    (None, _) => String::new(),
                }),
                Cell::number(row.n_pressure),
                Cell::number(row.n_withdrawals),
            ]
        })
        .collect();
    let n_overdue = rows.iter().filter(|row| app::overdue(row.deadline, today)).count();
    let mut facts = vec![
        fact(tr, "allegations-count", rows.len().to_string()),
        fact(tr, "allegations-overdue", n_overdue.to_string()),
        Fact { href: Some("/withdrawals".to_owned()), ..fact(tr, "withdrawals-title", tr.t("open-page")) },
        Fact { href: Some("/accountability".to_owned()), ..fact(tr, "funnel-title", tr.t("open-page")) },
        Fact { href: Some("/cases".to_owned()), ..fact(tr, "cases-title", tr.t("open-page")) },
    ];
    if state.app.may(&member.actor(), Action::TakeComplaints) {
        facts.insert(
            0,
            Fact { href: Some("/allegations/new".to_owned()), ..fact(tr, "intake-title", tr.t("intake-open")) },
        );
    }
    let sections = vec![
        Table::new(
            tr,
            "pressure-urgent",
            &["col-date", "col-allegation", "col-reported-by", "col-circumstances"],
            urgent,
        ),
        Table::new(
            tr,
            "allegations-title",
            &[
                "col-allegation",
                "field-kind",
                "col-status",
                "col-registered",
                "col-last-step",
                "col-deadline",
                "col-pressure",
                "col-withdrawals",
            ],
            list,
        ),
    ];
    detail_page(layout.clone(), layout.t("allegations-title"), facts, sections)
}

#[derive(Template)]
#[template(path = "intake.html")]
struct IntakePage {
    layout: Layout,
    kinds: Vec<Choice>,
    acts: Vec<Choice>,
    languages: Vec<Choice>,
    today: String,
}

async fn intake_form(State(state): State<AppState>, member: Member, uri: Uri) -> Reply {
    let layout = Layout::member(&member, "allegations", &uri);
    layout.require(state.app.may(&member.actor(), Action::TakeComplaints))?;
    let tr = layout.tr;
    show(&IntakePage {
        kinds: choices(tr, "violation", ViolationKind::ALL, ViolationKind::as_str, Some(ViolationKind::Torture)),
        acts: choices(tr, "act", AllegedAct::ALL, AllegedAct::as_str, None),
        languages: choices(tr, "locale", Locale::ALL, Locale::as_str, Some(tr.locale())),
        today: today().to_string(),
        layout,
    })
}

#[derive(Template)]
#[template(path = "access.html")]
struct AccessPage {
    layout: Layout,
    /// The sheet for the complainant, in their language.
    sheet: Layout,
    allegation_id: String,
    code: String,
    passphrase: String,
}

fn access_page(layout: Layout, language: &str, access: app::IssuedAccess) -> Reply {
    let sheet_tr = parse_locale(language).map_or(layout.tr, Tr::new);
    let sheet = Layout::anonymous(sheet_tr);
    let page = AccessPage {
        sheet,
        allegation_id: access.allegation_id.to_string(),
        code: access.code,
        passphrase: access.passphrase.expose().clone(),
        layout,
    };
    show(&page)
}

/// One form field's value (the last one given), trimmed; empty when absent.
fn field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter().rev().find(|(key, _)| key == name).map_or("", |(_, value)| value.trim())
}

fn optional(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

fn bad(layout: &Layout, what: &str, error: impl std::fmt::Display) -> crate::view::ErrorPageReply {
    layout.fail(Failure::with_detail(ErrorCode::BadRequest, format!("{what}: {error}")))
}

fn parse_date(
    layout: &Layout,
    what: &str,
    text: &str,
) -> Result<Option<jiff::civil::Date>, crate::view::ErrorPageReply> {
    if text.is_empty() {
        return Ok(None);
    }
    domain::date::parse_date(text).map(Some).map_err(|e| bad(layout, what, e))
}

async fn intake(State(state): State<AppState>, member: Member, Form(form): Form<Vec<(String, String)>>) -> Reply {
    require_csrf(&member, csrf_field(&form))?;
    let layout = Layout::member_at(&member, "allegations", "/allegations/new");
    // Refused before the form is read, so a role that may not take complaints hears that first.
    layout.require(state.app.may(&member.actor(), Action::TakeComplaints))?;
    let kind = ViolationKind::parse(field(&form, "kind")).map_err(|e| bad(&layout, "kind", e))?;
    let incident_id = match field(&form, "incident") {
        "" => None,
        text => Some(IncidentId::parse(text).map_err(|e| bad(&layout, "incident", e))?),
    };
    let registered_on = parse_date(&layout, "registered on", field(&form, "registered_on"))?.unwrap_or_else(today);
    let acts = form
        .iter()
        .filter(|(key, _)| key == "act")
        .map(|(_, value)| AllegedAct::parse(value))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(&layout, "act", e))?;
    let unit_id = match field(&form, "unit") {
        "" => None,
        text => Some(UnitId::parse(text).map_err(|e| bad(&layout, "unit", e))?),
    };
    let description = field(&form, "perpetrator").to_owned();
    let perpetrators = if unit_id.is_some() || !description.is_empty() {
        vec![AllegedPerpetrator { unit_id, person_id: None, description }]
    } else {
        Vec::new()
    };
    let details = AllegationDetails {
        acts,
        occurred: parse_date(&layout, "occurred on", field(&form, "occurred_on"))?.map(domain::date::FuzzyDate::exact),
        place_of_detention: optional(field(&form, "place_of_detention")),
        registered_on: Some(registered_on),
        ..AllegationDetails::default()
    };
    let intake = app::Intake {
        incident_id,
        kind,
        complainant: Protected::new(field(&form, "complainant").to_owned()),
        medical: optional(field(&form, "medical")).map(Protected::new),
        registration_number: optional(field(&form, "registration_number")),
        handling_body: optional(field(&form, "handling_body")),
        registered_on,
        note: field(&form, "note").to_owned(),
        perpetrators,
        details: Some(details),
    };
    let access = layout.check(state.app.take_complaint(&member.actor(), now(), intake).await)?;
    access_page(layout, field(&form, "language"), access)
}

#[derive(Template)]
#[template(path = "follow_up.html")]
struct FollowUpPage {
    layout: Layout,
    id: String,
    facts: Vec<Fact>,
    tables: Vec<Table>,
    statuses: Vec<Choice>,
    closures: Vec<Choice>,
    verdicts: Vec<Choice>,
    languages: Vec<Choice>,
    today: String,
    may_edit: bool,
    may_take: bool,
    has_code: bool,
}

fn details_facts(tr: Tr, details: &AllegationDetails) -> Vec<Fact> {
    let mut facts = vec![
        fact(tr, "field-acts", details.acts.iter().map(|a| tr.code("act", a.as_str())).collect::<Vec<_>>().join(", ")),
        fact(tr, "field-occurred", details.occurred.map(|d| d.to_string()).unwrap_or_default()),
        fact(tr, "field-place", details.place.as_ref().map(|p| p.name.clone()).unwrap_or_default()),
        fact(tr, "field-place-of-detention", details.place_of_detention.clone().unwrap_or_default()),
        fact(tr, "field-registered-on", details.registered_on.map(|d| d.to_string()).unwrap_or_default()),
    ];
    for exam in &details.examinations {
        let value = [
            exam.on.map(|d| d.to_string()).unwrap_or_default(),
            exam.by.clone(),
            exam.consistency.map(|c| tr.code("consistency", c.as_str())).unwrap_or_default(),
        ]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" — ");
        facts.push(Fact { label: tr.code("examination", exam.kind.as_str()), value, href: None });
    }
    if let Some(death) = &details.death {
        facts.push(fact(tr, "field-cause-of-death", death.cause_of_death.clone()));
        facts.push(fact(tr, "field-manner-of-death", tr.code("manner", death.manner_of_death.as_str())));
        facts.push(fact(
            tr,
            "field-autopsy",
            [death.autopsy_on.map(|d| d.to_string()).unwrap_or_default(), death.autopsy_by.clone()]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" — "),
        ));
        facts.push(fact(tr, "field-independent-autopsy", tr.t(if death.independent_autopsy { "yes" } else { "no" })));
        facts.push(fact(tr, "field-body-released", death.body_released_on.map(|d| d.to_string()).unwrap_or_default()));
        facts.push(fact(
            tr,
            "field-family-informed",
            death.family_informed_on.map(|d| d.to_string()).unwrap_or_default(),
        ));
    }
    facts
}

async fn follow_up(State(state): State<AppState>, member: Member, uri: Uri, Path(id): Path<String>) -> Reply {
    let layout = Layout::member(&member, "allegations", &uri);
    let tr = layout.tr;
    let actor = member.actor();
    let allegation = layout.check(state.app.allegation(&actor, &id).await)?;
    let (withdrawals, reports, code) = layout.check(state.app.allegation_followup(&actor, &id).await)?;
    let today = today();
    let overdue = app::overdue(allegation.timeline.last().and_then(|s| s.deadline), today);
    let mut facts = vec![
        Fact {
            href: Some(format!("/allegations/{}", allegation.id)),
            ..fact(tr, "field-id", allegation.id.to_string())
        },
        fact(tr, "field-kind", tr.code("violation", allegation.kind.as_str())),
        fact(tr, "field-status", status_label(tr, allegation.status())),
        fact(tr, "field-overdue", if overdue { tr.t("overdue") } else { String::new() }),
        fact(tr, "field-registration-number", allegation.registration_number.clone().unwrap_or_default()),
        fact(tr, "field-handling-body", allegation.handling_body.clone().unwrap_or_default()),
        fact(tr, "field-case-code", code.clone().unwrap_or_default()),
    ];
    for perpetrator in &allegation.perpetrators {
        let mut f = fact(tr, "field-perpetrator", perpetrator.description.clone());
        if let Some(unit) = &perpetrator.unit_id {
            f.value = format!("{} ({unit})", perpetrator.description);
            f.href = Some(format!("/units/{unit}"));
        }
        facts.push(f);
    }
    if let Some(details) = &allegation.details {
        facts.extend(details_facts(tr, details));
    }
    let facts = facts.into_iter().filter(|f| !f.value.is_empty()).collect();
    let timeline = allegation
        .timeline
        .iter()
        .map(|step| {
            let mut what = tr.code("allegation-status", step.status.as_str());
            if let Some(reason) = step.closure_reason {
                what = format!("{what}: {}", tr.code("closure", reason.as_str()));
            }
            if let Some(verdict) = step.verdict {
                what = format!("{what}: {}", tr.code("court-verdict", verdict.as_str()));
            }
            vec![
                Cell::text(step.on.to_string()),
                Cell::text(what),
                Cell::text(tr.t(if step.shareable { "step-shareable" } else { "step-internal" })),
                Cell::text(step.deadline.map(|d| d.to_string()).unwrap_or_default()),
                Cell::text(step.note.clone()),
            ]
        })
        .collect();
    let pressure_rows = reports
        .iter()
        .map(|r| {
            vec![
                Cell::text(date_time(r.at)),
                Cell::text(tr.code("reported-by", r.reported_by.as_str())),
                Cell::text(r.circumstances.clone()),
            ]
        })
        .collect();
    let withdrawal_rows = withdrawals
        .iter()
        .map(|w| {
            vec![
                Cell::text(w.on.to_string()),
                Cell::text(w.reason.clone()),
                Cell::text(w.circumstances.clone()),
                match &w.testimony_id {
                    Some(t) => Cell::link(t.to_string(), format!("/testimonies/{t}")),
                    None => Cell::text(""),
                },
            ]
        })
        .collect();
    let tables = vec![
        Table::new(
            tr,
            "status-timeline",
            &["col-date", "col-status", "col-shared", "col-deadline", "col-note"],
            timeline,
        ),
        Table::new(tr, "pressure-title", &["col-date", "col-reported-by", "col-circumstances"], pressure_rows),
        Table::new(
            tr,
            "withdrawals-section",
            &["col-date", "col-reason", "col-circumstances", "col-testimony"],
            withdrawal_rows,
        ),
    ];
    let statuses: Vec<AllegationStatus> =
        AllegationStatus::ALL.iter().copied().filter(|s| *s != AllegationStatus::Withdrawn).collect();
    show(&FollowUpPage {
        id: allegation.id.to_string(),
        facts,
        tables,
        statuses: choices(tr, "allegation-status", &statuses, AllegationStatus::as_str, None),
        closures: choices(tr, "closure", ClosureReason::ALL, ClosureReason::as_str, None),
        verdicts: choices(tr, "court-verdict", VerdictKind::ALL, VerdictKind::as_str, None),
        languages: choices(tr, "locale", Locale::ALL, Locale::as_str, Some(tr.locale())),
        today: today.to_string(),
        may_edit: state.app.may(&actor, Action::EditRegistry),
        may_take: state.app.may(&actor, Action::TakeComplaints),
        has_code: code.is_some(),
        layout,
    })
}

async fn add_step(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Reply {
    require_csrf(&member, csrf_field(&form))?;
    let back = format!("/allegations/{id}/follow-up");
    let layout = Layout::member_at(&member, "allegations", &back);
    layout.require(state.app.may(&member.actor(), Action::EditRegistry))?;
    let status = AllegationStatus::parse(field(&form, "status")).map_err(|e| bad(&layout, "status", e))?;
    let on = parse_date(&layout, "date", field(&form, "on"))?.unwrap_or_else(today);
    let mut step = AllegationStatusEvent::new(status, on, field(&form, "shareable") == "on", field(&form, "note"));
    step.deadline = parse_date(&layout, "deadline", field(&form, "deadline"))?;
    step.closure_reason = match field(&form, "closure_reason") {
        "" => None,
        text => Some(ClosureReason::parse(text).map_err(|e| bad(&layout, "closure reason", e))?),
    };
    step.verdict = match field(&form, "verdict") {
        "" => None,
        text => Some(VerdictKind::parse(text).map_err(|e| bad(&layout, "verdict", e))?),
    };
    layout.check(state.app.add_allegation_step(&member.actor(), now(), &id, step).await)?;
    redirect(&back)
}

async fn withdraw(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Reply {
    require_csrf(&member, csrf_field(&form))?;
    let back = format!("/allegations/{id}/follow-up");
    let layout = Layout::member_at(&member, "allegations", &back);
    layout.require(state.app.may(&member.actor(), Action::EditRegistry))?;
    let on = parse_date(&layout, "date", field(&form, "on"))?.unwrap_or_else(today);
    let testimony = Some(field(&form, "testimony")).filter(|t| !t.is_empty());
    let request = app::WithdrawalRequest {
        testimony_id: testimony,
        on,
        reason: field(&form, "reason"),
        circumstances: field(&form, "circumstances"),
    };
    let result = state.app.record_withdrawal(&member.actor(), now(), &id, request).await;
    layout.check(result)?;
    redirect(&back)
}

async fn pressure(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Reply {
    require_csrf(&member, csrf_field(&form))?;
    let back = format!("/allegations/{id}/follow-up");
    let layout = Layout::member_at(&member, "allegations", &back);
    layout.check(state.app.record_pressure(&member.actor(), now(), &id, field(&form, "circumstances")).await)?;
    redirect(&back)
}

async fn rotate(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Reply {
    require_csrf(&member, csrf_field(&form))?;
    let layout = Layout::member_at(&member, "allegations", &format!("/allegations/{id}/follow-up"));
    let access = layout.check(state.app.rotate_passphrase(&member.actor(), now(), &id).await)?;
    access_page(layout, field(&form, "language"), access)
}

// ---------------------------------------------------------------------------------------------
// Counts, the funnel and cases.

fn label_or_unknown(tr: Tr, label: &str) -> String {
    if label.is_empty() { tr.t("unknown") } else { label.to_owned() }
}

async fn withdrawal_counts(State(state): State<AppState>, member: Member, uri: Uri) -> Reply {
    let layout = Layout::member(&member, "allegations", &uri);
    let tr = layout.tr;
    let counts = layout.check(state.app.pressure_counts(&member.actor()).await)?;
    let rows = |groups: &[app::PressureGroup], unit: bool| -> Vec<Vec<Cell>> {
        groups
            .iter()
            .map(|g| {
                let label = label_or_unknown(tr, &g.label);
                vec![
                    if unit && !g.key.is_empty() {
                        Cell::link(label, format!("/units/{}", g.key))
                    } else {
                        Cell::text(label)
                    },
                    Cell::number(g.allegations),
                    Cell::number(g.withdrawals),
                    Cell::number(g.pressure),
                ]
            })
            .collect()
    };
    let headers = |first: &'static str| [first, "col-allegations", "col-withdrawals", "col-pressure"];
    let mut by_month = Table::new(tr, "by-month", &headers("col-month"), rows(&counts.by_month, false));
    by_month.note = Some(tr.t("withdrawals-month-note"));
    let facts = vec![
        fact(tr, "col-allegations", counts.total.allegations.to_string()),
        fact(tr, "col-withdrawals", counts.total.withdrawals.to_string()),
        fact(tr, "col-pressure", counts.total.pressure.to_string()),
        fact(tr, "withdrawals-kept", tr.t("withdrawals-kept-note")),
    ];
    let sections = vec![
        Table::new(tr, "by-region", &headers("col-region"), rows(&counts.by_region, false)),
        Table::new(tr, "by-unit", &headers("col-unit"), rows(&counts.by_unit, true)),
        by_month,
    ];
    detail_page(layout.clone(), layout.t("withdrawals-title"), facts, sections)
}

async fn accountability(State(state): State<AppState>, member: Member, uri: Uri) -> Reply {
    let layout = Layout::member(&member, "accountability", &uri);
    let tr = layout.tr;
    let funnel = layout.check(state.app.funnel(&member.actor()).await)?;
    let stage_headers: Vec<String> = app::Stage::ALL.iter().map(|s| format!("stage-{}", s.as_str())).collect();
    let table = |heading: &str, first: &str, groups: &[app::FunnelGroup], unit: bool| -> Table {
        let mut headers: Vec<&str> = vec![first];
        headers.extend(stage_headers.iter().map(String::as_str));
        let rows = groups
            .iter()
            .map(|g| {
                let label = label_or_unknown(tr, &g.label);
                let mut row = vec![if unit && !g.key.is_empty() {
                    Cell::link(label, format!("/units/{}", g.key))
                } else {
                    Cell::text(label)
                }];
                row.extend(g.counts.0.iter().map(|n| Cell::number(*n)));
                row
            })
            .collect();
        Table::new(tr, heading, &headers, rows)
    };
    let total = app::FunnelGroup { key: "total".to_owned(), label: tr.t("total"), counts: funnel.total };
    let mut stages = table("funnel-total", "col-group", std::slice::from_ref(&total), false);
    stages.note = Some(tr.t("funnel-note"));
    let claims = funnel
        .claims
        .iter()
        .map(|(claim, source)| {
            vec![
                Cell::text(claim.category.clone()),
                Cell::number(claim.figure),
                Cell::text(claim.scope.clone()),
                Cell::text(claim.as_of.to_string()),
                Cell::text(claim.issuing_body.clone()),
                Cell::link(source.clone(), format!("/sources/{}", claim.source_id)),
            ]
        })
        .collect();
    let mut official = Table::new(
        tr,
        "funnel-claims",
        &["col-category", "col-figure", "col-scope", "col-as-of", "col-issuing-body", "col-source"],
        claims,
    );
    official.note = Some(tr.t("funnel-claims-note"));
    let sections = vec![
        stages,
        official,
        table("by-region", "col-region", &funnel.by_region, false),
        table("by-unit", "col-unit", &funnel.by_unit, true),
        table("by-month", "col-month", &funnel.by_month, false),
    ];
    let facts = vec![
        fact(tr, "allegations-count", funnel.total.get(app::Stage::Registered).to_string()),
        fact(tr, "stage-convicted", funnel.total.get(app::Stage::Convicted).to_string()),
        Fact { href: Some("/withdrawals".to_owned()), ..fact(tr, "withdrawals-title", tr.t("open-page")) },
    ];
    detail_page(layout.clone(), layout.t("funnel-title"), facts, sections)
}

async fn cases(State(state): State<AppState>, member: Member, uri: Uri) -> Reply {
    let layout = Layout::member(&member, "allegations", &uri);
    let tr = layout.tr;
    let cases = layout.check(state.app.cases(&member.actor()).await)?;
    let rows = cases
        .iter()
        .map(|c| {
            vec![
                Cell::link(c.number.clone(), format!("/cases/{}", c.id)),
                Cell::text(c.title.clone()),
                Cell::text(c.opened_on.to_string()),
                Cell::number(c.allegation_ids.len()),
                Cell::number(c.suspects.len()),
                Cell::text(tr.code("outcome", c.outcome.as_str())),
            ]
        })
        .collect();
    let facts = vec![fact(tr, "cases-count", cases.len().to_string())];
    let sections = vec![Table::new(
        tr,
        "cases-title",
        &["col-case-number", "col-title", "col-opened", "col-allegations", "col-suspects", "col-outcome"],
        rows,
    )];
    detail_page(layout.clone(), layout.t("cases-title"), facts, sections)
}

async fn case(State(state): State<AppState>, member: Member, uri: Uri, Path(id): Path<String>) -> Reply {
    let layout = Layout::member(&member, "allegations", &uri);
    let tr = layout.tr;
    let case = layout.check(state.app.case(&member.actor(), &id).await)?;
    let facts = vec![
        fact(tr, "col-case-number", case.number.clone()),
        fact(tr, "col-opened", case.opened_on.to_string()),
        fact(tr, "col-outcome", tr.code("outcome", case.outcome.as_str())),
        fact(tr, "col-charges", case.charges.join("; ")),
    ];
    let allegations = case
        .allegation_ids
        .iter()
        .map(|a| vec![Cell::link(a.to_string(), format!("/allegations/{a}/follow-up"))])
        .collect();
    let suspects = case
        .suspects
        .iter()
        .map(|s| {
            vec![
                Cell::link(s.person_id.to_string(), format!("/persons/{}", s.person_id)),
                match &s.unit_id {
                    Some(unit) => Cell::link(unit.to_string(), format!("/units/{unit}")),
                    None => Cell::text(""),
                },
                Cell::text(s.rank.clone().unwrap_or_default()),
            ]
        })
        .collect();
    let sections = vec![
        Table::new(tr, "col-allegations", &["col-allegation"], allegations),
        Table::new(tr, "col-suspects", &["col-person", "col-unit", "col-rank"], suspects),
    ];
    detail_page(layout, case.title.clone(), facts, sections)
}
