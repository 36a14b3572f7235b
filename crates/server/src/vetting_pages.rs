//! The vetting officer's pages: the list of vetting requests, a new request (form or nominee file,
//! CSV or XLSX), a request with its nominees, hits and standings, a nominee with each hit's score,
//! explanation and chain of evidence and the decision form, the duty-to-inform record, and the
//! printable report.
//!
//! Handlers turn `app` values into display strings; `app` decides who may see and do what.

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{StatusCode, Uri};
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::entity::{NomineeKind, Subject};
use domain::vetting::{HitLink, ReasonCode, RequestStatus, ScreeningHit, Standing, Verdict};
use serde::Deserialize;

use crate::error::{ErrorCode, Failure};
use crate::i18n::Tr;
use crate::registry_pages::MAX_UPLOAD_BYTES;
use crate::session::Member;
use crate::view::{Cell, Choice, Fact, Layout, Reply, Table, detail_page, fact, redirect, require_csrf, show};
use crate::{AppState, now};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/vetting", get(requests))
        .route("/vetting/new", get(new_request))
        .route("/vetting/{id}", get(request))
        .route("/vetting/{id}/screen", post(screen))
        .route("/vetting/{id}/report", get(report))
        .route("/vetting/{id}/report.pdf", get(report_pdf))
        .route("/vetting/{id}/duty-to-inform", post(duty_to_inform))
        .route("/vetting/{id}/nominees/{nominee}", get(nominee))
        .route("/vetting/{id}/nominees/{nominee}/decision", post(decide))
}

/// The new request's form takes a nominee file, so it is an upload.
pub(crate) fn upload_routes() -> Router<AppState> {
    Router::new().route("/vetting", post(create)).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
}

/// A date as `YYYY-MM-DD`, or empty.
fn date(d: Option<jiff::civil::Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A moment as `YYYY-MM-DD HH:MM` (UTC).
fn moment(t: domain::date::Timestamp) -> String {
    let text = t.to_rfc3339();
    format!("{} {}", text.get(..10).unwrap_or_default(), text.get(11..16).unwrap_or_default())
}

fn score(ppm: u32) -> String {
    format!("{:.2}", f64::from(ppm) / 1_000_000.0)
}

fn standing_text(tr: Tr, standing: Standing) -> String {
    match standing {
        Standing::Suspended { until } => {
            tr.t_args("standing-suspended-until", &[("name", moment(until).get(..10).unwrap_or_default().to_owned())])
        }
        Standing::SuspensionExpired { since } => tr.t_args(
            "standing-suspension-expired-since",
            &[("since", moment(since).get(..10).unwrap_or_default().to_owned())],
        ),
        other => tr.code("standing", other.as_str()),
    }
}

fn status_text(tr: Tr, status: RequestStatus) -> String {
    tr.code("request-status", status.as_str())
}

fn subject_href(subject: &Subject) -> String {
    match subject {
        Subject::Unit(id) => format!("/units/{id}"),
        Subject::Person(id) => format!("/persons/{id}"),
    }
}

// ---------------------------------------------------------------------------------------------
// The list and the new request.

async fn requests(State(state): State<AppState>, member: Member, uri: Uri) -> Reply {
    let layout = Layout::member(&member, "vetting", &uri);
    let list = layout.check(state.app.vetting_requests(&member.actor(), now()).await)?;
    let tr = layout.tr;
    let rows = list
        .iter()
        .map(|r| {
            vec![
                Cell::link(r.row.activity.clone(), format!("/vetting/{}", r.row.id)),
                Cell::text(r.row.provider.clone()),
                Cell::text(r.row.programme.clone()),
                Cell::text(date(r.row.start)),
                Cell::number(r.row.n_nominees),
                Cell::text(r.row.n_hits.map(|n| n.to_string()).unwrap_or_else(|| tr.t("vetting-not-screened"))),
                Cell::text(format!("{} ({}/{})", status_text(tr, r.status), r.n_decided, r.row.n_nominees)),
            ]
        })
        .collect();
    let table = Table::new(
        tr,
        "vetting-title",
        &["col-activity", "col-provider", "col-programme", "col-start", "col-nominees", "col-hits", "col-status"],
        rows,
    );
    let may_create = state.app.may(&member.actor(), domain::access::Action::Vet);
    show(&RequestsPage { table, may_create, layout })
}

#[derive(Template)]
#[template(path = "vetting_list.html")]
struct RequestsPage {
    layout: Layout,
    table: Table,
    may_create: bool,
}

#[derive(Template)]
#[template(path = "vetting_new.html")]
struct NewRequestPage {
    layout: Layout,
    columns: String,
    file_help: String,
}

async fn new_request(State(state): State<AppState>, member: Member, uri: Uri) -> Reply {
    let layout = Layout::member(&member, "vetting", &uri);
    layout.require(state.app.may(&member.actor(), domain::access::Action::Vet))?;
    let file_help = layout.tr.t_args(
        "vetting-file-help",
        &[("name", app::NOMINEE_COLUMNS.join(",")), ("total", (MAX_UPLOAD_BYTES / (1024 * 1024)).to_string())],
    );
    show(&NewRequestPage { layout, columns: app::NOMINEE_COLUMNS.join(","), file_help })
}

#[derive(Default)]
struct NewRequestForm {
    csrf: String,
    activity: String,
    provider: String,
    programme: String,
    start: String,
    end: String,
    nominees: String,
    file_name: String,
    bytes: Vec<u8>,
}

async fn read_new_request(mut multipart: Multipart) -> Result<NewRequestForm, Failure> {
    let mut form = NewRequestForm::default();
    let failed = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Failure::new(ErrorCode::TooLarge)
        } else {
            Failure::new(ErrorCode::BadRequest)
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(failed)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            form.file_name = field.file_name().unwrap_or_default().to_owned();
            form.bytes = field.bytes().await.map_err(failed)?.to_vec();
            continue;
        }
        let text = field.text().await.map_err(failed)?;
        match name.as_str() {
            "csrf" => form.csrf = text,
            "activity" => form.activity = text,
            "provider" => form.provider = text,
            "programme" => form.programme = text,
            "start" => form.start = text,
            "end" => form.end = text,
            "nominees" => form.nominees = text,
            _ => {}
        }
    }
    Ok(form)
}

/// A date field of a form: empty is none, anything else must be `YYYY-MM-DD`.
fn form_date(
    layout: &Layout,
    field: &str,
    text: &str,
) -> Result<Option<jiff::civil::Date>, crate::view::ErrorPageReply> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    domain::date::parse_date(text).map(Some).map_err(|error| {
        layout.fail(Failure::with_detail(ErrorCode::BadRequest, format!("{}: {error}", layout.t(field))))
    })
}

async fn create(State(state): State<AppState>, member: Member, multipart: Multipart) -> Reply {
    let layout = Layout::member_at(&member, "vetting", "/vetting/new");
    let form = layout.check(read_new_request(multipart).await)?;
    require_csrf(&member, &form.csrf)?;
    let start = form_date(&layout, "col-start", &form.start)?;
    let end = form_date(&layout, "col-end", &form.end)?;
    // A file when one is given, else the nominees typed into the form (the same columns).
    let nominees = if form.bytes.is_empty() {
        let typed = form.nominees.trim();
        let typed = if typed.to_lowercase().starts_with("nominee_id") {
            typed.to_owned()
        } else {
            format!("{}\n{typed}", app::NOMINEE_COLUMNS.join(","))
        };
        layout.check(app::parse_nominees(&layout.t("vetting-form-nominees"), typed.as_bytes()))?
    } else {
        layout.check(app::parse_nominees(&form.file_name, &form.bytes))?
    };
    let request = app::NewVettingRequest {
        activity: form.activity,
        provider: form.provider,
        programme: form.programme,
        start,
        end,
    };
    let id = layout.check(state.app.submit_vetting_request(&member.actor(), now(), request, nominees).await)?;
    redirect(&format!("/vetting/{id}"))
}

// ---------------------------------------------------------------------------------------------
// A request.

#[derive(Template)]
#[template(path = "vetting_request.html")]
struct RequestPage {
    layout: Layout,
    id: String,
    heading: String,
    facts: Vec<Fact>,
    nominees: Table,
    duty: Table,
    nominee_choices: Vec<Choice>,
    today: String,
}

async fn request(State(state): State<AppState>, member: Member, uri: Uri, Path(id): Path<String>) -> Reply {
    let layout = Layout::member(&member, "vetting", &uri);
    let detail = layout.check(state.app.vetting_request(&member.actor(), now(), &id).await)?;
    let tr = layout.tr;
    let r = &detail.request;
    let screened = match detail.screened {
        Some((at, seq)) => tr.t_args(
            "vetting-screened-at",
            &[("name", moment(at)), ("shown", seq.to_string()), ("total", detail.n_hits().to_string())],
        ),
        None => tr.t("vetting-not-screened"),
    };
    let facts = vec![
        fact(tr, "col-provider", r.provider.clone()),
        fact(tr, "col-programme", r.programme.clone()),
        fact(tr, "col-start", date(r.start)),
        fact(tr, "col-end", date(r.end)),
        fact(tr, "field-created", moment(detail.created_at)),
        fact(tr, "col-status", status_text(tr, detail.status)),
        fact(tr, "vetting-screening", screened),
    ];
    let nominees = detail
        .nominees
        .iter()
        .map(|n| {
            let top = n.hits.iter().map(|h| h.score_ppm).max();
            vec![
                Cell::link(n.nominee.name.clone(), format!("/vetting/{}/nominees/{}", r.id, n.nominee.id)),
                Cell::text(tr.code("nominee-kind", n.nominee.kind.as_str())),
                Cell::text(n.nominee.birth_date.map(|d| d.to_string()).unwrap_or_default()),
                Cell::text(n.nominee.unit.clone().unwrap_or_default()),
                Cell::text(n.nominee.rank.clone().unwrap_or_default()),
                Cell::number(n.hits.len()),
                Cell::text(top.map(score).unwrap_or_default()),
                Cell::text(standing_text(tr, n.standing)),
            ]
        })
        .collect();
    let nominees = Table::new(
        tr,
        "section-nominees",
        &["col-name", "col-kind", "col-birth-date", "col-unit", "col-rank", "col-hits", "col-score", "col-standing"],
        nominees,
    );
    let name_of = |id: &domain::id::NomineeId| {
        detail.nominee(id.as_str()).map_or_else(|| id.to_string(), |n| n.nominee.name.clone())
    };
    let duty_rows = detail
        .duty_to_inform
        .iter()
        .map(|d| {
            vec![
                Cell::text(d.informed_on.to_string()),
                Cell::text(d.authority.clone()),
                Cell::text(d.nominee_id.as_ref().map(name_of).unwrap_or_else(|| tr.t("duty-whole-request"))),
                Cell::text(d.note.clone()),
                Cell::text(d.recorded_by.clone()),
            ]
        })
        .collect();
    let duty = Table::new(
        tr,
        "section-duty-to-inform",
        &["col-date", "col-authority", "col-nominee", "col-note", "col-recorded-by"],
        duty_rows,
    );
    let mut nominee_choices = vec![Choice { value: String::new(), label: tr.t("duty-whole-request"), selected: true }];
    nominee_choices.extend(detail.nominees.iter().map(|n| Choice {
        value: n.nominee.id.to_string(),
        label: n.nominee.name.clone(),
        selected: false,
    }));
    let today = moment(now()).get(..10).unwrap_or_default().to_owned();
    show(&RequestPage {
        id: r.id.to_string(),
        heading: r.activity.clone(),
        facts: facts.into_iter().filter(|f| !f.value.is_empty()).collect(),
        nominees,
        duty,
        nominee_choices,
        today,
        layout,
    })
}

#[derive(Debug, Deserialize)]
struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

async fn screen(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> Reply {
    let back = format!("/vetting/{id}");
    let layout = Layout::member_at(&member, "vetting", &back);
    require_csrf(&member, &form.csrf)?;
    layout.check(state.app.screen_request(&member.actor(), now(), &id).await)?;
    redirect(&back)
}

#[derive(Debug, Deserialize)]
struct DutyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    nominee: String,
    #[serde(default)]
    informed_on: String,
    #[serde(default)]
    authority: String,
    #[serde(default)]
    note: String,
}

async fn duty_to_inform(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<DutyForm>,
) -> Reply {
    let back = format!("/vetting/{id}");
    let layout = Layout::member_at(&member, "vetting", &back);
    require_csrf(&member, &form.csrf)?;
    let Some(informed_on) = form_date(&layout, "col-date", &form.informed_on)? else {
        return Err(layout.fail(Failure::with_detail(ErrorCode::BadRequest, layout.t("duty-date-required"))));
    };
    let record = app::NewDutyToInform {
        nominee_id: Some(form.nominee).filter(|n| !n.is_empty()),
        informed_on,
        authority: form.authority,
        note: form.note,
    };
    layout.check(state.app.record_duty_to_inform(&member.actor(), now(), &id, record).await)?;
    redirect(&back)
}

// ---------------------------------------------------------------------------------------------
// A nominee: hits with their evidence, the decision form, the history.

/// One link of a hit's chain of evidence, as shown.
struct EvidenceView {
    incident: Cell,
    when_where: String,
    subject: Cell,
    role: String,
    confidence: String,
    via: Vec<String>,
    sources: Vec<Cell>,
}

/// A hit as shown.
struct HitView {
    entity: Cell,
    kind: String,
    score: String,
    reason: String,
    explanation: String,
    match_lines: Vec<String>,
    evidence: Vec<EvidenceView>,
    assistance: Vec<String>,
}

fn source_cell(tr: Tr, source: &domain::vetting::SourceRef) -> Cell {
    let label = format!("{} ({})", source.title, tr.code("reliability", source.reliability.as_str()));
    Cell::link(label, format!("/sources/{}", source.id))
}

fn link_text(tr: Tr, link: &HitLink) -> String {
    match link {
        HitLink::Posting { unit_name, role, rank, start, end, .. } => {
            let rank = rank.as_deref().map(|r| format!(", {r}")).unwrap_or_default();
            let what = format!("{role}{rank}, {} – {}", date(*start), date(*end));
            tr.t_args("evidence-posting", &[("name", unit_name.clone()), ("shown", what)])
        }
        HitLink::Parent { child_name, parent_name, valid_from, valid_to, .. } => tr.t_args(
            "evidence-parent",
            &[
                ("name", child_name.clone()),
                ("shown", parent_name.clone()),
                ("total", format!("{} – {}", date(*valid_from), date(*valid_to))),
            ],
        ),
    }
}

fn hit_view(tr: Tr, hit: &ScreeningHit) -> HitView {
    let evidence = hit
        .evidence
        .iter()
        .map(|e| EvidenceView {
            incident: Cell::link(e.incident_title.clone(), format!("/incidents/{}", e.incident_id)),
            when_where: format!("{}, {}", e.incident_date, e.place),
            subject: Cell::link(e.subject_name.clone(), subject_href(&e.subject)),
            role: e.role.clone(),
            confidence: tr.code("confidence", e.confidence.as_str()),
            via: e.via.iter().map(|l| link_text(tr, l)).collect(),
            sources: e.sources.iter().map(|s| source_cell(tr, s)).collect(),
        })
        .collect();
    let assistance = hit
        .assistance
        .iter()
        .map(|a| {
            let source = a.source.as_ref().map(|s| source_cell(tr, s).text).unwrap_or_default();
            format!(
                "{} — {} ({}), {} – {}; {}",
                a.programme,
                a.provider,
                tr.code("assistance-kind", a.kind.as_str()),
                date(a.start),
                date(a.end),
                source
            )
        })
        .collect();
    HitView {
        entity: Cell::link(hit.entity_name.clone(), subject_href(&hit.entity)),
        kind: tr.code("nominee-kind", if matches!(hit.entity, Subject::Unit(_)) { "unit" } else { "person" }),
        score: score(hit.score_ppm),
        reason: tr.code("hit-reason", &hit.reason),
        explanation: hit.explanation.clone(),
        match_lines: hit.match_explanation.clone(),
        evidence,
        assistance,
    }
}

#[derive(Template)]
#[template(path = "vetting_nominee.html")]
struct NomineePage {
    layout: Layout,
    heading: String,
    request_href: String,
    request_title: String,
    decide_action: String,
    facts: Vec<Fact>,
    hits: Vec<HitView>,
    verdicts: Vec<Choice>,
    reasons: Vec<Choice>,
    history: Table,
    may_decide: bool,
}

async fn nominee(
    State(state): State<AppState>,
    member: Member,
    uri: Uri,
    Path((id, nominee_id)): Path<(String, String)>,
) -> Reply {
    let layout = Layout::member(&member, "vetting", &uri);
    let detail = layout.check(state.app.vetting_request(&member.actor(), now(), &id).await)?;
    let tr = layout.tr;
    let Some(view) = detail.nominee(&nominee_id) else {
        return Err(layout.fail(Failure::new(ErrorCode::NotFound)));
    };
    let n = &view.nominee;
    let facts = vec![
        fact(tr, "col-kind", tr.code("nominee-kind", n.kind.as_str())),
        fact(tr, "col-birth-date", n.birth_date.map(|d| d.to_string()).unwrap_or_default()),
        fact(tr, "field-gender", n.gender.map(|g| tr.code("gender", g.as_str())).unwrap_or_default()),
        fact(tr, "col-unit", n.unit.clone().unwrap_or_default()),
        fact(tr, "col-rank", n.rank.clone().unwrap_or_default()),
        fact(tr, "col-standing", standing_text(tr, view.standing)),
        fact(
            tr,
            "vetting-screening",
            if detail.screened.is_some() { view.hits.len().to_string() } else { tr.t("vetting-not-screened") },
        ),
    ];
    let history = view
        .history
        .iter()
        .rev()
        .map(|d| {
            vec![
                Cell::text(moment(d.decided_at)),
                Cell::text(tr.code("vetting-verdict", d.verdict.as_str())),
                Cell::text(d.reason.map(|r| tr.code("reason-code", r.as_str())).unwrap_or_default()),
                Cell::text(d.rationale.clone()),
                Cell::text(d.reviewer_name.clone()),
            ]
        })
        .collect();
    let history = Table::new(
        tr,
        "section-decisions",
        &["col-date", "col-verdict", "col-reason", "col-rationale", "col-reviewer"],
        history,
    );
    let verdicts = Verdict::ALL
        .iter()
        .map(|v| Choice {
            value: v.as_str().to_owned(),
            label: tr.code("vetting-verdict", v.as_str()),
            selected: false,
        })
        .collect();
    let mut reasons = vec![Choice { value: String::new(), label: tr.t("reason-none"), selected: true }];
    reasons.extend(ReasonCode::ALL.iter().map(|r| Choice {
        value: r.as_str().to_owned(),
        label: tr.code("reason-code", r.as_str()),
        selected: false,
    }));
    let kind_heading = if n.kind == NomineeKind::Unit { "nominee-kind-unit" } else { "nominee-kind-person" };
    show(&NomineePage {
        heading: format!("{} ({})", n.name, tr.t(kind_heading)),
        request_href: format!("/vetting/{}", detail.request.id),
        request_title: detail.request.activity.clone(),
        decide_action: format!("/vetting/{}/nominees/{}/decision", detail.request.id, n.id),
        facts: facts.into_iter().filter(|f| !f.value.is_empty()).collect(),
        hits: view.hits.iter().map(|h| hit_view(tr, h)).collect(),
        verdicts,
        reasons,
        history,
        may_decide: state.app.may(&member.actor(), domain::access::Action::Vet),
        layout,
    })
}

#[derive(Debug, Deserialize)]
struct DecisionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    rationale: String,
}

async fn decide(
    State(state): State<AppState>,
    member: Member,
    Path((id, nominee_id)): Path<(String, String)>,
    Form(form): Form<DecisionForm>,
) -> Reply {
    let back = format!("/vetting/{id}/nominees/{nominee_id}");
    let layout = Layout::member_at(&member, "vetting", &back);
    require_csrf(&member, &form.csrf)?;
    let verdict = layout.check(Verdict::parse(&form.verdict).map_err(app::Error::from))?;
    let reason = if form.reason.is_empty() {
        None
    } else {
        Some(layout.check(ReasonCode::parse(&form.reason).map_err(app::Error::from))?)
    };
    let decision = app::NewDecision { verdict, reason, rationale: form.rationale };
    layout.check(state.app.decide_nominee(&member.actor(), now(), &id, &nominee_id, decision).await)?;
    // Back to the request, where the next nominee waits.
    redirect(&format!("/vetting/{id}"))
}

// ---------------------------------------------------------------------------------------------
// The printable report.

/// A nominee in the report: what was put forward, where they stand, the hits and the decisions.
struct ReportNominee {
    name: String,
    facts: Vec<Fact>,
    hits: Vec<HitView>,
    history: Table,
}

#[derive(Template)]
#[template(path = "vetting_report.html")]
struct ReportPage {
    layout: Layout,
    heading: String,
    facts: Vec<Fact>,
    summary: Table,
    nominees: Vec<ReportNominee>,
    duty: Table,
    pdf_href: String,
}

async fn report(State(state): State<AppState>, member: Member, uri: Uri, Path(id): Path<String>) -> Reply {
    let layout = Layout::member(&member, "vetting", &uri);
    let detail = layout.check(state.app.vetting_request(&member.actor(), now(), &id).await)?;
    let tr = layout.tr;
    let r = &detail.request;
    let facts = vec![
        fact(tr, "col-provider", r.provider.clone()),
        fact(tr, "col-programme", r.programme.clone()),
        fact(tr, "col-start", date(r.start)),
        fact(tr, "col-end", date(r.end)),
        fact(tr, "col-status", status_text(tr, detail.status)),
        fact(
            tr,
            "vetting-screening",
            match detail.screened {
                Some((at, seq)) => tr.t_args(
                    "vetting-screened-at",
                    &[("name", moment(at)), ("shown", seq.to_string()), ("total", detail.n_hits().to_string())],
                ),
                None => tr.t("vetting-not-screened"),
            },
        ),
        fact(tr, "report-generated", moment(detail.now)),
    ];
    let summary = detail
        .nominees
        .iter()
        .map(|n| {
            vec![
                Cell::text(n.nominee.name.clone()),
                Cell::text(tr.code("nominee-kind", n.nominee.kind.as_str())),
                Cell::number(n.hits.len()),
                Cell::text(standing_text(tr, n.standing)),
                Cell::text(n.latest().map(|d| d.reviewer_name.clone()).unwrap_or_default()),
            ]
        })
        .collect();
    let summary = Table::new(
        tr,
        "section-nominees",
        &["col-name", "col-kind", "col-hits", "col-standing", "col-reviewer"],
        summary,
    );
    let nominees = detail
        .nominees
        .iter()
        .map(|n| {
            let history = n
                .history
                .iter()
                .rev()
                .map(|d| {
                    vec![
                        Cell::text(moment(d.decided_at)),
                        Cell::text(tr.code("vetting-verdict", d.verdict.as_str())),
                        Cell::text(d.reason.map(|r| tr.code("reason-code", r.as_str())).unwrap_or_default()),
                        Cell::text(d.rationale.clone()),
                        Cell::text(d.reviewer_name.clone()),
                    ]
                })
                .collect();
            ReportNominee {
                name: n.nominee.name.clone(),
                facts: vec![
                    fact(tr, "col-kind", tr.code("nominee-kind", n.nominee.kind.as_str())),
                    fact(tr, "col-birth-date", n.nominee.birth_date.map(|d| d.to_string()).unwrap_or_default()),
                    fact(tr, "col-unit", n.nominee.unit.clone().unwrap_or_default()),
                    fact(tr, "col-rank", n.nominee.rank.clone().unwrap_or_default()),
                    fact(tr, "col-standing", standing_text(tr, n.standing)),
                ]
                .into_iter()
                .filter(|f| !f.value.is_empty())
                .collect(),
                hits: n.hits.iter().map(|h| hit_view(tr, h)).collect(),
                history: Table::new(
                    tr,
                    "section-decisions",
                    &["col-date", "col-verdict", "col-reason", "col-rationale", "col-reviewer"],
                    history,
                ),
            }
        })
        .collect();
    let duty = detail
        .duty_to_inform
        .iter()
        .map(|d| {
            vec![
                Cell::text(d.informed_on.to_string()),
                Cell::text(d.authority.clone()),
                Cell::text(
                    d.nominee_id
                        .as_ref()
                        .and_then(|id| detail.nominee(id.as_str()))
                        .map_or_else(|| tr.t("duty-whole-request"), |n| n.nominee.name.clone()),
                ),
                Cell::text(d.note.clone()),
                Cell::text(d.recorded_by.clone()),
            ]
        })
        .collect();
    let duty = Table::new(
        tr,
        "section-duty-to-inform",
        &["col-date", "col-authority", "col-nominee", "col-note", "col-recorded-by"],
        duty,
    );
    show(&ReportPage {
        heading: tr.t_args("report-title", &[("name", r.activity.clone())]),
        facts: facts.into_iter().filter(|f| !f.value.is_empty()).collect(),
        summary,
        nominees,
        duty,
        pdf_href: format!("/vetting/{}/report.pdf", r.id),
        layout,
    })
}

/// The report as PDF. This build has no PDF writer (a heavy dependency not yet chosen): the page
/// says so and sends the reader to the printable report, which the browser saves as PDF.
async fn report_pdf(State(state): State<AppState>, member: Member, uri: Uri, Path(id): Path<String>) -> Reply {
    let layout = Layout::member(&member, "vetting", &uri);
    let detail = layout.check(state.app.vetting_request(&member.actor(), now(), &id).await)?;
    let tr = layout.tr;
    let facts = vec![
        fact(tr, "report-pdf-unavailable", tr.t("report-pdf-print")),
        Fact {
            href: Some(format!("/vetting/{}/report", detail.request.id)),
            ..fact(tr, "report-link", detail.request.activity.clone())
        },
    ];
    detail_page(layout, tr.t("report-pdf"), facts, Vec::new())
}
