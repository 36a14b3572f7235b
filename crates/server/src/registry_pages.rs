//! The HTML pages of the victim registry: the registry list with filters, linking sources, the
//! review queue, a pair with the waterfall and the decision buttons, decisions and their undoing,
//! capture histories, and importing lists (upload, import report, column mapping).
//!
//! Like every page, handlers only turn requests into `app` calls and results into views; each
//! form is checked against the session's CSRF token first.

use std::sync::Arc;

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::access::Action;
use domain::entity::{Reliability, SourceKind};
use domain::id::SourceId;
use domain::registry::{ColumnMapping, RegistryStatus, Verdict, VictimField};
use serde::Deserialize;

use crate::error::{ErrorCode, Failure};
use crate::i18n::Tr;
use crate::pages::ListPage;
use crate::session::{Member, is_local_path};
use crate::view::{
    Cell, Choice, Fact, Layout, PAGE_SIZE, Reply, Table, csrf_field, detail_page, encode, fact, or_unknown, redirect,
    require_csrf, show,
};
use crate::{AppState, now};

/// The largest file an investigator may upload (a list of a million rows is about 100 MB; lists
/// of the dead are far smaller).
pub(crate) const MAX_UPLOAD_BYTES: usize = 32 * 1024 * 1024;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/registry", get(registry))
        .route("/registry/link", get(link_form).post(link))
        .route("/registry/queue", get(queue))
        .route("/registry/pairs/{a}/{b}", get(pair))
        .route("/registry/pairs/{a}/{b}/decision", post(decide))
        .route("/registry/decisions", get(decisions))
        .route("/registry/decisions/{id}/undo", post(undo))
        .route("/registry/capture-histories", get(capture))
        .route("/registry/capture-histories.csv", get(capture_csv))
        .route("/import", get(import_form))
        .route("/imports/{id}", get(import_report))
        .route("/sources/{id}/mapping", get(mapping_form).post(save_mapping))
}

/// Routes that take large bodies: the upload.
pub(crate) fn upload_routes() -> Router<AppState> {
    Router::new().route("/import", post(import)).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
}

// ---------------------------------------------------------------------------------------------
// Shared helpers.

fn percent(ppm: u32) -> String {
    format!("{:.1} %", f64::from(ppm) / 10_000.0)
}

fn bits(millibits: i64) -> String {
    format!("{:+.2}", millibits as f64 / 1000.0)
}

pub(crate) fn date_time(timestamp: domain::date::Timestamp) -> String {
    let text = timestamp.to_rfc3339();
    // `2022-01-05T10:00:00.000Z` shown as `2022-01-05 10:00 UTC`.
    match (text.get(..10), text.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => text,
    }
}

fn pair_href(a: &str, b: &str) -> String {
    format!("/registry/pairs/{a}/{b}")
}

fn verdict_label(tr: Tr, verdict: Verdict) -> String {
    tr.code("verdict", verdict.as_str())
}

// ---------------------------------------------------------------------------------------------
// The registry list.

#[derive(Debug, Default, Deserialize)]
struct RegistryQuery {
    #[serde(default)]
    place: String,
    #[serde(default)]
    died_from: String,
    #[serde(default)]
    died_to: String,
    #[serde(default)]
    age_min: String,
    #[serde(default)]
    age_max: String,
    after: Option<String>,
}

impl RegistryQuery {
    fn filter(&self) -> Result<app::RegistryFilter, Failure> {
        let bad = || Failure::new(ErrorCode::BadRequest);
        let date = |text: &str| -> Result<Option<jiff::civil::Date>, Failure> {
            let text = text.trim();
            if text.is_empty() { Ok(None) } else { domain::date::parse_date(text).map(Some).map_err(|_| bad()) }
        };
        let age = |text: &str| -> Result<Option<u8>, Failure> {
            let text = text.trim();
            if text.is_empty() { Ok(None) } else { text.parse::<u8>().map(Some).map_err(|_| bad()) }
        };
        Ok(app::RegistryFilter {
            place_key: Some(self.place.trim().to_owned()).filter(|p| !p.is_empty()),
            died_from: date(&self.died_from)?,
            died_to: date(&self.died_to)?,
            age_min: age(&self.age_min)?,
            age_max: age(&self.age_max)?,
        })
    }

    /// The query string of the filters (without `after`), for paging links.
    fn filter_query(&self) -> String {
        [
            ("place", &self.place),
            ("died_from", &self.died_from),
            ("died_to", &self.died_to),
            ("age_min", &self.age_min),
            ("age_max", &self.age_max),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
    }
}

#[derive(Template)]
#[template(path = "registry.html")]
struct RegistryListPage {
    layout: Layout,
    heading: String,
    intro: String,
    places: Vec<Choice>,
    died_from: String,
    died_to: String,
    age_min: String,
    age_max: String,
    count: String,
    table: Table,
    first_href: Option<String>,
    next_href: Option<String>,
}

/// A short name for a list in a column header: its kind.
fn list_label(tr: Tr, source: &app::ListSource) -> String {
    tr.code("source-kind", source.kind.as_str())
}

async fn registry(
    State(state): State<AppState>,
    member: Member,
    uri: Uri,
    Query(query): Query<RegistryQuery>,
) -> Reply {
    let layout = Layout::member(&member, "registry", &uri);
    let filter = layout.check(query.filter())?;
    let page = layout.check(state.app.registry(&member.actor(), &filter, query.after.as_deref(), PAGE_SIZE).await)?;
    let tr = layout.tr;
    let rows = page
        .page
        .items
        .iter()
        .map(|row| {
            let mut cells = vec![
                Cell::link(row.display_name.clone(), format!("/persons/{}", row.person_id)),
                Cell::text(row.death_date.map(|d| d.to_string()).unwrap_or_default()),
                Cell::text(row.place.clone().unwrap_or_default()),
                Cell::text(row.age.map(|a| a.to_string()).unwrap_or_default()),
                Cell::number(row.n_records),
            ];
            let named = page.membership.get(&row.person_id);
            for list in &page.lists {
                let on = named.is_some_and(|sources| sources.contains(&list.id));
                cells.push(Cell::text(if on { tr.t("registry-on-list") } else { String::new() }));
            }
            cells
        })
        .collect();
    let mut headers: Vec<Cell> =
        ["col-name", "field-death-date", "col-place", "col-age"].iter().map(|id| Cell::text(tr.t(id))).collect();
    headers.push(Cell::number(tr.t("col-records")));
    headers.extend(page.lists.iter().map(|l| Cell::text(list_label(tr, l))));
    let mut table = Table::new(tr, "registry-title", &[], rows);
    table.headers = headers;
    table.caption = Some(tr.t("registry-caption"));
    table.empty = tr.t("registry-empty");
    table.class = "registry";
    let filter_query = query.filter_query();
    let with = |extra: &str| {
        let joined = [filter_query.as_str(), extra].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>();
        if joined.is_empty() { "/registry".to_owned() } else { format!("/registry?{}", joined.join("&")) }
    };
    let places = page
        .places
        .iter()
        .map(|p| Choice {
            value: p.place_key.clone(),
            label: format!("{} ({})", p.label, p.n_persons),
            selected: filter.place_key.as_deref() == Some(p.place_key.as_str()),
        })
        .collect();
    let view = RegistryListPage {
        heading: tr.t("registry-title"),
        intro: tr.t("registry-intro"),
        places,
        died_from: query.died_from.trim().to_owned(),
        died_to: query.died_to.trim().to_owned(),
        age_min: query.age_min.trim().to_owned(),
        age_max: query.age_max.trim().to_owned(),
        count: tr.t_args("registry-count", &[("total", page.total.to_string())]),
        table,
        first_href: query.after.as_deref().filter(|a| !a.is_empty()).map(|_| with("")),
        next_href: page.page.next.map(|next| with(&format!("after={next}"))),
        layout,
    };
    show(&view)
}

// ---------------------------------------------------------------------------------------------
// Linking.

#[derive(Template)]
#[template(path = "link.html")]
struct LinkPage {
    layout: Layout,
    sources: Vec<Choice>,
    can_link: bool,
    facts: Vec<Fact>,
}

async fn link_form(State(state): State<AppState>, member: Member, uri: Uri) -> Reply {
    let layout = Layout::member(&member, "registry", &uri);
    let (sources, run) = layout.check(state.app.list_sources(&member.actor()).await)?;
    let tr = layout.tr;
    let in_run = |id: &SourceId| run.as_ref().is_none_or(|r| r.source_ids.contains(id));
    let choices = sources
        .iter()
        .map(|s| Choice {
            value: s.id.to_string(),
            label: tr.t_args(
                "link-source-label",
                &[
                    ("name", s.title.clone()),
                    ("shown", tr.code("source-kind", s.kind.as_str())),
                    ("total", s.n_records.to_string()),
                ],
            ),
            selected: in_run(&s.id),
        })
        .collect();
    let mut facts = Vec::new();
    if let Some(run) = &run {
        let titles: Vec<String> = run
            .source_ids
            .iter()
            .map(|id| sources.iter().find(|s| &s.id == id).map_or_else(|| id.to_string(), |s| s.title.clone()))
            .collect();
        facts = vec![
            fact(tr, "link-ran-at", date_time(run.ran_at)),
            fact(tr, "link-lists", titles.join("; ")),
            fact(tr, "link-records", run.n_records.to_string()),
            fact(tr, "link-candidates", run.n_candidates.to_string()),
            fact(tr, "link-pairs-kept", run.n_pairs_kept.to_string()),
            fact(tr, "link-persons", run.n_persons.to_string()),
            fact(tr, "link-threshold", percent(run.threshold_ppm)),
            fact(
                tr,
                "link-training",
                tr.t_args(
                    if run.em_converged { "link-em-converged" } else { "link-em-not-converged" },
                    &[("total", run.em_iterations.to_string())],
                ),
            ),
            fact(tr, "link-conflicts", run.n_conflicts.to_string()),
            fact(tr, "link-warnings", run.warnings.join("; ")),
            Fact { href: Some("/registry/queue".to_owned()), ..fact(tr, "link-queue", tr.t("nav-review")) },
        ];
    }
    let can_link = state.app.may(&member.actor(), Action::LinkRecords);
    show(&LinkPage { layout, sources: choices, can_link, facts })
}

async fn link(State(state): State<AppState>, member: Member, Form(form): Form<Vec<(String, String)>>) -> Reply {
    require_csrf(&member, csrf_field(&form))?;
    let layout = Layout::member_at(&member, "registry", "/registry/link");
    let source_ids = form
        .iter()
        .filter(|(k, _)| k == "source")
        .map(|(_, value)| SourceId::parse(value).map_err(|_| layout.fail(Failure::new(ErrorCode::BadRequest))))
        .collect::<Result<Vec<_>, _>>()?;
    if source_ids.is_empty() {
        return Err(layout.fail(Failure::with_detail(ErrorCode::BadRequest, layout.t("link-choose-one"))));
    }
    let request = app::LinkRequest { source_ids };
    layout.check(state.app.link_sources(&member.actor(), now(), request, Arc::new(app::Silent)).await)?;
    redirect("/registry/link")
}

// ---------------------------------------------------------------------------------------------
// The review queue.

/// How the two records of a pair stand now: one person, or two.
fn standing(tr: Tr, item: &app::QueueItem) -> String {
    if item.same_person() {
        tr.t_args("queue-one-person", &[("total", item.a.n_records.to_string())])
    } else {
        tr.t_args(
            "queue-two-persons",
            &[("shown", item.a.n_records.to_string()), ("total", item.b.n_records.to_string())],
        )
    }
}

async fn queue(State(state): State<AppState>, member: Member, uri: Uri) -> Reply {
    let layout = Layout::member(&member, "review", &uri);
    let view = layout.check(state.app.review_queue(&member.actor(), PAGE_SIZE).await)?;
    let tr = layout.tr;
    let rows = view
        .items
        .iter()
        .enumerate()
        .map(|(rank, item)| {
            let names = format!("{} — {}", item.a.name.text(), item.b.name.text());
            vec![
                Cell::text((rank + 1).to_string()),
                Cell::link(names, pair_href(item.a.record_id.as_str(), item.b.record_id.as_str())),
                Cell::text(format!(
                    "{} — {}",
                    view.labels.source(&item.a.source_id),
                    view.labels.source(&item.b.source_id)
                )),
                Cell::text(percent(item.probability_ppm)),
                Cell::text(standing(tr, item)),
            ]
        })
        .collect();
    let mut table =
        Table::new(tr, "queue-title", &["col-priority", "col-pair", "col-sources", "col-probability", "col-now"], rows);
    table.caption = Some(tr.t("queue-caption"));
    table.empty = tr.t(if view.run.is_some() { "queue-empty" } else { "queue-no-run" });
    let intro = tr.t_args("queue-intro", &[("total", view.total.to_string())]);
    let page =
        ListPage { heading: tr.t("queue-title"), intro: Some(intro), table, first_href: None, next_href: None, layout };
    show(&page)
}

// ---------------------------------------------------------------------------------------------
// A pair.

/// One row of the waterfall: the values compared, the level, the weight, and the bar.
struct WaterfallRow {
    row_class: &'static str,
    label: String,
    left: String,
    right: String,
    level: String,
    /// The level's m and u probabilities, for those who want them.
    mu: String,
    weight: String,
    running: String,
    /// `pos|neg|total s{start} w{width}`: position and width in 40ths of the chart.
    bar_class: String,
}

struct DecisionView {
    text: String,
    note: String,
    undo_action: String,
}

#[derive(Template)]
#[template(path = "pair.html")]
struct PairPage {
    layout: Layout,
    heading: String,
    message: Option<String>,
    facts: Vec<Fact>,
    decision: Option<DecisionView>,
    can_decide: bool,
    decide_action: String,
    next_href: Option<String>,
    comparison: Table,
    verbatim: Vec<Table>,
    waterfall: Vec<WaterfallRow>,
    waterfall_caption: String,
    /// `same` when the two records are one person now, else `apart` (for tests and styles).
    standing: &'static str,
    /// Where zero lies on the chart, in 40ths.
    zero: i64,
}

/// The engine's wording of a comparison or level, translated when the messages know it
/// (`level-same-year`, `comparison-name-surname`), else as the engine gives it.
fn engine_text(tr: Tr, prefix: &str, text: &str) -> String {
    let slug: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let id = format!("{prefix}-{slug}");
    let translated = tr.t(&id);
    if translated == id { text.to_owned() } else { translated }
}

/// The chart's scale: 40 steps over the range of every running total (and zero).
fn waterfall_rows(tr: Tr, pair: &domain::registry::CandidatePair) -> (Vec<WaterfallRow>, i64) {
    let mut points = vec![0i64, pair.prior.0];
    let mut running = pair.prior.0;
    for step in &pair.steps {
        running += step.weight.0 + step.tf_adjustment.0;
        points.push(running);
    }
    let lo = points.iter().copied().min().unwrap_or(0);
    let hi = points.iter().copied().max().unwrap_or(0).max(lo + 1000);
    let scale = |x: i64| ((x - lo) as f64 / (hi - lo) as f64 * 40.0).round() as i64;
    let bar = |from: i64, to: i64, kind: &str| {
        let (a, b) = (scale(from), scale(to));
        format!("{kind} s{} w{}", a.min(b), (a - b).abs())
    };
    let mut rows = vec![WaterfallRow {
        row_class: "prior",
        label: tr.t("waterfall-prior"),
        left: String::new(),
        right: String::new(),
        level: tr.t("waterfall-prior-level"),
        mu: String::new(),
        weight: bits(pair.prior.0),
        running: bits(pair.prior.0),
        bar_class: bar(0, pair.prior.0, if pair.prior.0 >= 0 { "pos" } else { "neg" }),
    }];
    let mut running = pair.prior.0;
    for step in &pair.steps {
        let delta = step.weight.0 + step.tf_adjustment.0;
        let mu = match (step.log2_m, step.log2_u) {
            (Some(m), Some(u)) => format!("m {:.3}, u {:.2e}", m.bits().exp2(), u.bits().exp2()),
            _ => String::new(),
        };
        let weight = if step.tf_adjustment.0 == 0 {
            bits(delta)
        } else {
            tr.t_args("waterfall-with-tf", &[("shown", bits(delta)), ("total", bits(step.tf_adjustment.0))])
        };
        rows.push(WaterfallRow {
            row_class: "step",
            label: engine_text(tr, "comparison", &step.comparison),
            left: step.left.clone(),
            right: step.right.clone(),
            level: engine_text(tr, "level", &step.level),
            mu,
            weight,
            running: bits(running + delta),
            bar_class: bar(running, running + delta, if delta >= 0 { "pos" } else { "neg" }),
        });
        running += delta;
    }
    rows.push(WaterfallRow {
        row_class: "total",
        label: tr.t("waterfall-total"),
        left: String::new(),
        right: String::new(),
        level: percent(pair.probability_ppm),
        mu: String::new(),
        weight: bits(pair.weight.0),
        running: bits(pair.weight.0),
        bar_class: bar(0, pair.weight.0, "total"),
    });
    (rows, scale(0))
}

/// The fields of two records side by side.
fn comparison_table(tr: Tr, detail: &app::PairDetail) -> Table {
    let side = |r: &app::LinkedRecord| {
        let f = &r.record.fields;
        let date = |d: Option<domain::date::FuzzyDate>| d.map(|d| d.to_string()).unwrap_or_default();
        vec![
            detail.labels.source(&r.record.source_id),
            r.record.row_number.to_string(),
            r.record.source_record_id.clone().unwrap_or_default(),
            f.full_name.clone().unwrap_or_default(),
            f.surname.clone().unwrap_or_default(),
            f.given_name.clone().unwrap_or_default(),
            f.patronymic.clone().unwrap_or_default(),
            date(f.birth_date),
            f.age.map(|a| a.to_string()).unwrap_or_default(),
            f.gender.map(|g| tr.code("gender", g.as_str())).unwrap_or_default(),
            date(f.death_date),
            f.place.clone().unwrap_or_default(),
            f.circumstances.clone().unwrap_or_default(),
            r.person_id.as_ref().map(|p| detail.labels.person(p)).unwrap_or_default(),
        ]
    };
    let labels = [
        "col-source",
        "col-row",
        "pair-source-record-id",
        "field-full-name",
        "field-surname",
        "field-given-name",
        "field-patronymic",
        "field-birth-date",
        "col-age",
        "field-gender",
        "field-death-date",
        "field-place",
        "field-circumstances",
        "pair-person",
    ];
    let (a, b) = (side(&detail.a), side(&detail.b));
    let person_href = |r: &app::LinkedRecord| r.person_id.as_ref().map(|p| format!("/persons/{p}"));
    let source_href = |r: &app::LinkedRecord| Some(format!("/sources/{}", r.record.source_id));
    let rows = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let cell = |text: &String, href: Option<String>| match href {
                Some(href) if !text.is_empty() => Cell::link(text.clone(), href),
                _ => Cell::text(text.clone()),
            };
            let (ha, hb) = match i {
                0 => (source_href(&detail.a), source_href(&detail.b)),
                13 => (person_href(&detail.a), person_href(&detail.b)),
                _ => (None, None),
            };
            vec![Cell::text(tr.t(label)), cell(&a[i], ha), cell(&b[i], hb)]
        })
        .collect();
    Table::new(tr, "pair-side-by-side", &["col-field", "pair-record-a", "pair-record-b"], rows)
}

/// A record's row as it was imported: header and cell.
fn verbatim_table(tr: Tr, heading: String, record: &domain::entity::Record) -> Table {
    let rows = record.verbatim.iter().map(|(h, v)| vec![Cell::text(h.clone()), Cell::text(v.clone())]).collect();
    let mut table = Table::new(tr, "pair-verbatim", &["mapping-column", "col-value"], rows);
    table.heading = heading;
    table.class = "compact";
    table
}

#[derive(Debug, Deserialize)]
struct PairQuery {
    done: Option<String>,
}

async fn pair(
    State(state): State<AppState>,
    member: Member,
    uri: Uri,
    Path((a, b)): Path<(String, String)>,
    Query(query): Query<PairQuery>,
) -> Reply {
    let layout = Layout::member(&member, "review", &uri);
    let detail = layout.check(state.app.pair(&member.actor(), &a, &b).await)?;
    // Pairs have one address: the smaller record id first.
    let (ida, idb) = (detail.a.record.id.to_string(), detail.b.record.id.to_string());
    if (a.as_str(), b.as_str()) != (ida.as_str(), idb.as_str()) {
        return redirect(&pair_href(&ida, &idb));
    }
    let tr = layout.tr;
    let name = |r: &app::LinkedRecord| {
        app::RecordName {
            full_name: r.record.fields.full_name.clone(),
            surname: r.record.fields.surname.clone(),
            given_name: r.record.fields.given_name.clone(),
            patronymic: r.record.fields.patronymic.clone(),
        }
        .text()
    };
    let heading = tr.t_args("pair-heading", &[("shown", name(&detail.a)), ("total", name(&detail.b))]);
    let same = detail.a.person_id.is_some() && detail.a.person_id == detail.b.person_id;
    let mut facts = Vec::new();
    if let Some(stored) = &detail.stored {
        facts.push(fact(tr, "col-probability", percent(stored.pair.probability_ppm)));
        facts.push(fact(tr, "pair-weight", tr.t_args("pair-bits", &[("total", bits(stored.pair.weight.0))])));
    } else {
        facts.push(fact(tr, "col-probability", tr.t("pair-not-scored")));
    }
    let now_text = if same { tr.t("pair-now-same") } else { tr.t("pair-now-apart") };
    facts.push(fact(tr, "col-now", now_text));
    let decision = detail.decision.as_ref().map(|row| {
        let d = &row.decision;
        let effect = if d.effect.moves.is_empty() {
            tr.t("decision-no-change")
        } else {
            tr.t_args("decision-moved", &[("total", d.effect.moves.len().to_string())])
        };
        DecisionView {
            text: tr.t_args(
                "decision-text",
                &[("name", verdict_label(tr, d.verdict)), ("shown", date_time(d.decided_at)), ("total", effect)],
            ),
            note: d.note.clone(),
            undo_action: format!("/registry/decisions/{}/undo", d.id),
        }
    });
    let message = query.done.as_deref().map(|done| match done {
        "undone" => tr.t("pair-message-undone"),
        _ => tr.t("pair-message-decided"),
    });
    let (waterfall, zero) = match &detail.stored {
        Some(stored) => waterfall_rows(tr, &stored.pair),
        None => (Vec::new(), 0),
    };
    let source_a = detail.labels.source(&detail.a.record.source_id);
    let source_b = detail.labels.source(&detail.b.record.source_id);
    let verbatim_heading = |source: &str, row: u32| {
        tr.t_args("pair-verbatim-of", &[("name", source.to_owned()), ("total", row.to_string())])
    };
    let comparison = comparison_table(tr, &detail);
    let verbatim = vec![
        verbatim_table(tr, verbatim_heading(&source_a, detail.a.record.row_number), &detail.a.record),
        verbatim_table(tr, verbatim_heading(&source_b, detail.b.record.row_number), &detail.b.record),
    ];
    let page = PairPage {
        heading,
        message,
        facts,
        decision,
        can_decide: state.app.may(&member.actor(), Action::LinkRecords),
        decide_action: format!("{}/decision", pair_href(&ida, &idb)),
        next_href: detail.next.as_ref().map(|(x, y)| pair_href(x.as_str(), y.as_str())),
        comparison,
        verbatim,
        waterfall,
        waterfall_caption: tr.t("waterfall-caption"),
        standing: if same { "same" } else { "apart" },
        zero,
        layout,
    };
    show(&page)
}

#[derive(Debug, Deserialize)]
struct DecisionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    note: String,
}

async fn decide(
    State(state): State<AppState>,
    member: Member,
    Path((a, b)): Path<(String, String)>,
    Form(form): Form<DecisionForm>,
) -> Reply {
    require_csrf(&member, &form.csrf)?;
    let layout = Layout::member_at(&member, "review", "/registry/queue");
    let verdict = layout.check(Verdict::parse(&form.verdict).map_err(|_| Failure::new(ErrorCode::BadRequest)))?;
    let decision = layout.check(state.app.decide(&member.actor(), now(), &a, &b, verdict, &form.note).await)?;
    let href = pair_href(decision.record_a.as_str(), decision.record_b.as_str());
    redirect(&format!("{href}?done=decided"))
}

#[derive(Debug, Deserialize)]
struct UndoForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    back: String,
}

async fn undo(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<UndoForm>,
) -> Reply {
    require_csrf(&member, &form.csrf)?;
    let layout = Layout::member_at(&member, "review", "/registry/decisions");
    let decision = layout.check(state.app.undo_decision(&member.actor(), now(), &id).await)?;
    let back = form.back.split('?').next().unwrap_or_default();
    let back = if is_local_path(back) { back.to_owned() } else { "/registry/decisions".to_owned() };
    let pair = pair_href(decision.record_a.as_str(), decision.record_b.as_str());
    redirect(&if back == pair { format!("{pair}?done=undone") } else { back })
}

// ---------------------------------------------------------------------------------------------
// Decisions.

struct DecisionLine {
    pair: String,
    pair_href: String,
    verdict: String,
    effect: String,
    when: String,
    undone: String,
    undo_action: String,
}

#[derive(Template)]
#[template(path = "decisions.html")]
struct DecisionsPage {
    layout: Layout,
    rows: Vec<DecisionLine>,
    can_decide: bool,
    first_href: Option<String>,
    next_href: Option<String>,
}

/// The name a record gives, or its id when it cannot be read.
async fn record_name(state: &AppState, actor: &domain::access::Actor, id: &domain::id::RecordId) -> String {
    match state.app.record(actor, id.as_str()).await {
        Ok(linked) => app::RecordName {
            full_name: linked.record.fields.full_name,
            surname: linked.record.fields.surname,
            given_name: linked.record.fields.given_name,
            patronymic: linked.record.fields.patronymic,
        }
        .text(),
        Err(_) => id.to_string(),
    }
}

#[derive(Debug, Deserialize)]
struct AfterQuery {
    after: Option<String>,
}

async fn decisions(State(state): State<AppState>, member: Member, uri: Uri, Query(query): Query<AfterQuery>) -> Reply {
    let layout = Layout::member(&member, "review", &uri);
    let page = layout.check(state.app.decisions(&member.actor(), query.after.as_deref(), PAGE_SIZE).await)?;
    let tr = layout.tr;
    let mut rows = Vec::with_capacity(page.items.len());
    for row in &page.items {
        let d = &row.decision;
        let actor = member.actor();
        let pair = format!(
            "{} — {}",
            record_name(&state, &actor, &d.record_a).await,
            record_name(&state, &actor, &d.record_b).await
        );
        rows.push(DecisionLine {
            pair,
            pair_href: pair_href(d.record_a.as_str(), d.record_b.as_str()),
            verdict: verdict_label(tr, d.verdict),
            effect: if d.effect.moves.is_empty() {
                tr.t("decision-no-change")
            } else {
                tr.t_args("decision-moved", &[("total", d.effect.moves.len().to_string())])
            },
            when: date_time(d.decided_at),
            undone: row
                .undone_at
                .map(|at| tr.t_args("decision-undone-at", &[("name", date_time(at))]))
                .unwrap_or_default(),
            undo_action: format!("/registry/decisions/{}/undo", d.id),
        });
    }
    let page = DecisionsPage {
        rows,
        can_decide: state.app.may(&member.actor(), Action::LinkRecords),
        // The decisions page has only a "next" link, as before the paging include was shared.
        first_href: None,
        next_href: page.next.map(|next| format!("/registry/decisions?after={next}")),
        layout,
    };
    show(&page)
}

// ---------------------------------------------------------------------------------------------
// Capture histories.

#[derive(Debug, Deserialize)]
struct CaptureQuery {
    #[serde(default)]
    by: String,
}

impl CaptureQuery {
    fn stratify(&self) -> Result<Option<app::Stratify>, Failure> {
        match self.by.as_str() {
            "" | "none" => Ok(None),
            other => app::Stratify::parse(other).map(Some).ok_or_else(|| Failure::new(ErrorCode::BadRequest)),
        }
    }
}

#[derive(Template)]
#[template(path = "capture.html")]
struct CapturePage {
    layout: Layout,
    strata: Vec<Choice>,
    download_href: Option<String>,
    summary: String,
    table: Table,
}

async fn capture(State(state): State<AppState>, member: Member, uri: Uri, Query(query): Query<CaptureQuery>) -> Reply {
    let layout = Layout::member(&member, "registry", &uri);
    let by = layout.check(query.stratify())?;
    let tr = layout.tr;
    let strata = ["none", "place", "period"]
        .iter()
        .map(|code| Choice {
            value: (*code).to_owned(),
            label: tr.t(&format!("capture-by-{code}")),
            selected: by.map_or("none", app::Stratify::as_str) == *code,
        })
        .collect();
    let (download_href, summary, table) = match state.app.capture_histories(&member.actor(), by).await {
        Ok(histories) => {
            let mut header_ids: Vec<String> = Vec::new();
            if histories.by.is_some() {
                header_ids.push(tr.t("capture-stratum"));
            }
            header_ids.extend(histories.columns.iter().cloned());
            header_ids.push(tr.t("capture-count"));
            let mut rows = Vec::new();
            for (label, counts) in &histories.strata {
                for (index, count) in counts.iter().enumerate() {
                    let pattern = index + 1;
                    let mut row = Vec::new();
                    if histories.by.is_some() {
                        row.push(Cell::text(label.clone()));
                    }
                    for j in 0..histories.columns.len() {
                        row.push(Cell::number((pattern >> j) & 1));
                    }
                    row.push(Cell::number(*count));
                    rows.push(row);
                }
            }
            let mut table = Table::new(tr, "capture-title", &[], rows);
            table.headers = header_ids
                .into_iter()
                .enumerate()
                .map(|(i, h)| if i == 0 && histories.by.is_some() { Cell::text(h) } else { Cell::number(h) })
                .collect();
            table.caption = Some(tr.t("capture-caption"));
            table.class = "compact";
            let href = format!(
                "/registry/capture-histories.csv{}",
                by.map(|b| format!("?by={}", b.as_str())).unwrap_or_default()
            );
            let summary = tr.t_args(
                "capture-summary",
                &[("total", histories.n_persons().to_string()), ("shown", histories.columns.len().to_string())],
            );
            (Some(href), summary, table)
        }
        Err(app::Error::BadInput { .. }) => {
            let mut table = Table::new(tr, "capture-title", &[], Vec::new());
            table.empty = tr.t("capture-no-run");
            (None, String::new(), table)
        }
        Err(error) => return Err(layout.fail(error.into())),
    };
    show(&CapturePage { layout, strata, download_href, summary, table })
}

async fn capture_csv(State(state): State<AppState>, member: Member, Query(query): Query<CaptureQuery>) -> Reply {
    let layout = Layout::member_at(&member, "registry", "/registry/capture-histories");
    let by = layout.check(query.stratify())?;
    let histories = layout.check(state.app.capture_histories(&member.actor(), by).await)?;
    let name = match by {
        None => "capture-histories.csv".to_owned(),
        Some(by) => format!("capture-histories-by-{}.csv", by.as_str()),
    };
    let disposition = format!("attachment; filename=\"{name}\"");
    let headers =
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)];
    Ok((headers, histories.to_csv()).into_response())
}

// ---------------------------------------------------------------------------------------------
// Importing lists.

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    layout: Layout,
    sources: Vec<Choice>,
    selected_new: bool,
    kinds: Vec<Choice>,
    reliabilities: Vec<Choice>,
    file_help: String,
}

#[derive(Debug, Deserialize)]
struct ImportQuery {
    source: Option<String>,
}

async fn import_form(
    State(state): State<AppState>,
    member: Member,
    uri: Uri,
    Query(query): Query<ImportQuery>,
) -> Reply {
    let layout = Layout::member(&member, "sources", &uri);
    layout.require(state.app.may(&member.actor(), Action::ImportSources))?;
    let page = layout.check(state.app.sources(&member.actor(), None, app::MAX_PAGE).await)?;
    let tr = layout.tr;
    let chosen = query.source.unwrap_or_default();
    let sources = page
        .items
        .iter()
        .map(|s| Choice { value: s.id.clone(), label: s.title.clone(), selected: s.id == chosen })
        .collect();
    let kinds = [
        SourceKind::OfficialList,
        SourceKind::NgoList,
        SourceKind::MediaList,
        SourceKind::MorgueList,
        SourceKind::FamilyReport,
        SourceKind::Dataset,
    ]
    .iter()
    .map(|k| Choice { value: k.as_str().to_owned(), label: tr.code("source-kind", k.as_str()), selected: false })
    .collect();
    let reliabilities = Reliability::ALL
        .iter()
        .map(|r| Choice {
            value: r.as_str().to_owned(),
            label: tr.code("reliability", r.as_str()),
            selected: *r == Reliability::F,
        })
        .collect();
    let file_help = tr.t_args("import-file-help", &[("total", (MAX_UPLOAD_BYTES / (1024 * 1024)).to_string())]);
    let page = ImportPage { selected_new: chosen.is_empty(), sources, kinds, reliabilities, file_help, layout };
    show(&page)
}

/// The fields of the upload form, read in full before anything is checked.
#[derive(Default)]
struct UploadForm {
    csrf: String,
    source: String,
    title: String,
    kind: String,
    publisher: String,
    reliability: String,
    file_name: String,
    bytes: Vec<u8>,
}

async fn read_upload(mut multipart: Multipart) -> Result<UploadForm, Failure> {
    let mut form = UploadForm::default();
    let too_large = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Failure::new(ErrorCode::TooLarge)
        } else {
            Failure::new(ErrorCode::BadRequest)
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            form.file_name = field.file_name().unwrap_or_default().to_owned();
            form.bytes = field.bytes().await.map_err(too_large)?.to_vec();
            continue;
        }
        let text = field.text().await.map_err(too_large)?;
        match name.as_str() {
            "csrf" => form.csrf = text,
            "source" => form.source = text,
            "title" => form.title = text,
            "kind" => form.kind = text,
            "publisher" => form.publisher = text,
            "reliability" => form.reliability = text,
            _ => {}
        }
    }
    Ok(form)
}

async fn import(State(state): State<AppState>, member: Member, multipart: Multipart) -> Reply {
    let layout = Layout::member_at(&member, "sources", "/import");
    let form = layout.check(read_upload(multipart).await)?;
    require_csrf(&member, &form.csrf)?;
    if form.bytes.is_empty() {
        return Err(layout.fail(Failure::with_detail(ErrorCode::BadRequest, layout.t("import-no-file"))));
    }
    let bad_request = || layout.fail(Failure::new(ErrorCode::BadRequest));
    let target = if form.source.is_empty() || form.source == "new" {
        let (Ok(kind), Ok(reliability)) = (SourceKind::parse(&form.kind), Reliability::parse(&form.reliability)) else {
            return Err(bad_request());
        };
        app::ImportTarget::New(app::NewSource { title: form.title, kind, publisher: form.publisher, reliability })
    } else {
        app::ImportTarget::Existing(SourceId::parse(&form.source).map_err(|_| bad_request())?)
    };
    let request = app::ImportRequest { target, file_name: form.file_name, bytes: form.bytes, mapping: None };
    let report = layout.check(state.app.import_list(&member.actor(), now(), request, Arc::new(app::Silent)).await)?;
    redirect(&format!("/imports/{}", report.import.id))
}

async fn import_report(State(state): State<AppState>, member: Member, uri: Uri, Path(id): Path<String>) -> Reply {
    let layout = Layout::member(&member, "sources", &uri);
    let detail = layout.check(state.app.import_detail(&member.actor(), &id).await)?;
    let tr = layout.tr;
    let import = &detail.import;
    let source_href = format!("/sources/{}", import.source_id);
    let facts = vec![
        Fact { href: Some(source_href.clone()), ..fact(tr, "col-source", detail.source.title.clone()) },
        fact(tr, "import-file", import.file_name.clone()),
        fact(tr, "import-format", import.format.as_str().to_uppercase()),
        fact(tr, "import-sheet", import.sheet.clone().unwrap_or_default()),
        fact(tr, "import-size", tr.t_args("import-bytes", &[("total", import.size_bytes.to_string())])),
        fact(tr, "import-sha256", import.sha256.clone()),
        fact(tr, "import-at", date_time(import.imported_at)),
        fact(tr, "field-n-records", import.n_records.to_string()),
        fact(tr, "import-n-problems", import.problems.len().to_string()),
        Fact {
            href: Some(format!("/sources/{}/mapping", import.source_id)),
            ..fact(tr, "import-mapping", tr.t("import-mapping-link"))
        },
    ];
    let problems = import
        .problems
        .iter()
        .map(|p| {
            vec![
                Cell::text(p.row.to_string()),
                Cell::text(if p.column.is_empty() { tr.t("import-whole-row") } else { p.column.clone() }),
                Cell::text(p.value.clone()),
                Cell::text(tr.code("problem", p.kind.as_str())),
            ]
        })
        .collect();
    let mut problems =
        Table::new(tr, "import-problems", &["col-row", "mapping-column", "col-value", "col-problem"], problems);
    problems.empty = tr.t("import-no-problems");
    problems.note = Some(tr.t("import-rows-note"));
    let mapping = import
        .mapping
        .columns
        .iter()
        .map(|c| vec![Cell::text(tr.code("victim-field", c.field.as_str())), Cell::text(c.column.clone())])
        .collect();
    let mut mapping = Table::new(tr, "import-mapping-used", &["col-field", "mapping-column"], mapping);
    mapping.class = "compact";
    let heading = tr.t_args("import-heading", &[("name", import.file_name.clone())]);
    detail_page(layout, heading, facts, vec![problems, mapping])
}

struct MappingRow {
    field: &'static str,
    label: String,
    column: String,
}

#[derive(Template)]
#[template(path = "mapping.html")]
struct MappingPage {
    layout: Layout,
    heading: String,
    status: String,
    action: String,
    rows: Vec<MappingRow>,
    can_edit: bool,
    back_href: String,
}

async fn mapping_form(State(state): State<AppState>, member: Member, uri: Uri, Path(id): Path<String>) -> Reply {
    let layout = Layout::member(&member, "sources", &uri);
    let (source, mapping, saved) = layout.check(state.app.column_mapping(&member.actor(), &id).await)?;
    let tr = layout.tr;
    let rows = VictimField::ALL
        .iter()
        .map(|f| MappingRow {
            field: f.as_str(),
            label: tr.code("victim-field", f.as_str()),
            column: mapping.column(*f).unwrap_or_default().to_owned(),
        })
        .collect();
    let page = MappingPage {
        heading: tr.t_args("mapping-heading", &[("name", source.title.clone())]),
        status: tr.t(if saved { "mapping-saved" } else { "mapping-standard" }),
        action: format!("/sources/{}/mapping", source.id),
        rows,
        can_edit: state.app.may(&member.actor(), Action::ImportSources),
        back_href: format!("/sources/{}", source.id),
        layout,
    };
    show(&page)
}

async fn save_mapping(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Reply {
    require_csrf(&member, csrf_field(&form))?;
    let layout = Layout::member_at(&member, "sources", "/sources");
    let mapping = ColumnMapping::from_pairs(
        form.iter().filter_map(|(k, v)| VictimField::parse(k).ok().map(|field| (field, v.clone()))),
    );
    layout.check(state.app.set_column_mapping(&member.actor(), now(), &id, mapping).await)?;
    redirect(&format!("/sources/{id}"))
}

/// The registry part of a person page: status, list membership, possible matches, decisions.
pub(crate) fn person_sections(tr: Tr, detail: &app::PersonDetail) -> (Vec<Fact>, Vec<Table>) {
    let Some(entry) = &detail.registry else { return (Vec::new(), Vec::new()) };
    let mut facts = vec![fact(tr, "person-registry-status", tr.code("registry-status", entry.status.as_str()))];
    if let (RegistryStatus::Merged, Some(into)) = (entry.status, &entry.merged_into) {
        facts.push(Fact {
            href: Some(format!("/persons/{into}")),
            ..fact(tr, "person-merged-into", detail.labels.person(into))
        });
    }
    facts.push(fact(tr, "field-place", entry.place.clone().unwrap_or_default()));
    facts.push(fact(tr, "col-age", entry.age.map(|a| a.to_string()).unwrap_or_default()));
    let membership = detail
        .membership
        .iter()
        .map(|m| vec![Cell::link(m.title.clone(), format!("/sources/{}", m.source_id)), Cell::number(m.n_records)])
        .collect();
    let mut membership = Table::new(tr, "person-membership", &["col-source", "col-records"], membership);
    let has_matches = !detail.possible_matches.is_empty();
    membership.class = "compact";
    membership.note = Some(tr.t_args("person-membership-note", &[("total", detail.membership.len().to_string())]));
    let own = |side: &app::QueueSide| side.person_id.as_ref() == Some(&detail.person.id);
    let matches = detail
        .possible_matches
        .iter()
        .map(|m| {
            let (mine, other) = if own(&m.a) { (&m.a, &m.b) } else { (&m.b, &m.a) };
            let other_person = match &other.person_id {
                Some(p) => Cell::link(detail.labels.person(p), format!("/persons/{p}")),
                None => Cell::text(or_unknown(tr, None)),
            };
            vec![
                Cell::link(
                    format!("{} — {}", mine.name.text(), other.name.text()),
                    pair_href(m.a.record_id.as_str(), m.b.record_id.as_str()),
                ),
                other_person,
                Cell::text(detail.labels.source(&other.source_id)),
                Cell::text(percent(m.probability_ppm)),
            ]
        })
        .collect();
    let mut matches =
        Table::new(tr, "person-matches", &["col-pair", "col-person", "col-source", "col-probability"], matches);
    matches.note = has_matches.then(|| tr.t("person-matches-note"));
    let decisions = detail
        .decisions
        .iter()
        .map(|row| {
            let d = &row.decision;
            vec![
                Cell::link(verdict_label(tr, d.verdict), pair_href(d.record_a.as_str(), d.record_b.as_str())),
                Cell::text(date_time(d.decided_at)),
                Cell::text(
                    row.undone_at
                        .map(|at| tr.t_args("decision-undone-at", &[("name", date_time(at))]))
                        .unwrap_or_else(|| tr.t("decision-in-force")),
                ),
                Cell::text(d.note.clone()),
            ]
        })
        .collect();
    let decisions =
        Table::new(tr, "person-decisions", &["col-verdict", "col-when", "col-status", "pair-note"], decisions);
    (facts, vec![membership, matches, decisions])
}
