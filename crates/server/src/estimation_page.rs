//! The estimation page of the victim registry (`/registry/estimate`): how many deaths no list
//! recorded, by the three methods side by side, with the posterior and trace plots as inline SVG
//! and the engine's warnings in plain words, per stratum when asked.
//!
//! The estimate is `app`'s (`App::estimate`); this module only words and lays it out. Counts are
//! written in the reader's language (thousands apart by a comma in English, by a no-break space
//! in Russian and Kazakh).

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::Uri;
use axum::routing::get;
use domain::entity::Locale;
use serde::Deserialize;

use app::{
    Diagnostics, Estimation, EstimationError, EstimationMethod as Method, EstimationWarning as Warning, MethodEstimate,
    MethodFailure, MethodResult, ModelChosen, TableEstimate,
};

use crate::AppState;
use crate::error::{ErrorCode, Failure};
use crate::i18n::Tr;
use crate::plots::{self, Labels};
use crate::session::Member;
use crate::view::{Cell, Choice, Fact, Layout, Reply, Table, fact, show};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/registry/estimate", get(estimate))
}

#[derive(Debug, Default, Deserialize)]
struct EstimateQuery {
    #[serde(default)]
    by: String,
    #[serde(default)]
    seed: String,
}

impl EstimateQuery {
    fn stratify(&self) -> Result<Option<app::Stratify>, Failure> {
        match self.by.as_str() {
            "" | "none" => Ok(None),
            // The form says "week"; the capture-history pages and the command line say "period".
            "week" => Ok(Some(app::Stratify::Period)),
            other => app::Stratify::parse(other).map(Some).ok_or_else(|| Failure::new(ErrorCode::BadRequest)),
        }
    }

    fn seed(&self, tr: Tr) -> Result<u64, Failure> {
        let text = self.seed.trim();
        if text.is_empty() {
            return Ok(app::DEFAULT_ESTIMATION_SEED);
        }
        text.parse::<u64>().map_err(|_| Failure::with_detail(ErrorCode::BadRequest, tr.t("estimate-bad-seed")))
    }
}

/// A chart and the words beside it.
struct Plot {
    /// The SVG markup, escaped by `plots` (inserted as it is).
    svg: String,
    summary: Vec<String>,
}

#[derive(Template)]
#[template(path = "estimate.html")]
struct EstimatePage {
    layout: Layout,
    strata_choices: Vec<Choice>,
    seed: String,
    /// The run's settings in one sentence, beside the form.
    settings_line: String,
    settings: Vec<Fact>,
    result: Option<ResultView>,
    /// Why there is no result: no lists linked yet, or none that names anybody.
    problem: Option<String>,
}

struct ResultView {
    observed: String,
    warnings: Vec<String>,
    methods: Table,
    diagnostics: Vec<Fact>,
    total_note: Option<String>,
    /// None when no method has a posterior to draw (a stratified total some strata lack).
    posterior: Option<Plot>,
    trace: Option<Plot>,
    /// What the warnings section says when the list is empty.
    no_warnings: String,
    strata: Option<Table>,
    /// Which strata were pooled, and why.
    pooled_note: Option<String>,
    strata_warnings: Vec<String>,
}

async fn estimate(
    State(state): State<AppState>,
    member: Member,
    uri: Uri,
    Query(query): Query<EstimateQuery>,
) -> Reply {
    let layout = Layout::member(&member, "registry", &uri);
    let tr = layout.tr;
    let by = layout.check(query.stratify())?;
    let seed = layout.check(query.seed(tr))?;
    let strata_choices = [("none", None), ("place", Some(app::Stratify::Place)), ("week", Some(app::Stratify::Period))]
        .iter()
        .map(|(value, stratify)| Choice {
            value: (*value).to_owned(),
            label: tr.t(&format!("capture-by-{}", stratify.map_or("none", app::Stratify::as_str))),
            selected: *stratify == by,
        })
        .collect();
    let (result, problem) = match state.app.estimate(&member.actor(), by, seed).await {
        Ok(estimation) => (Some(result_view(tr, &estimation)), None),
        // Nothing to estimate (no link run yet, or no list names anybody): the page says so.
        Err(app::Error::BadInput { detail, .. }) => {
            let linked = state.app.capture_histories(&member.actor(), None).await.is_ok();
            (None, Some(if linked { detail } else { tr.t("estimate-no-run") }))
        }
        Err(error) => return Err(layout.fail(error.into())),
    };
    let page = EstimatePage {
        strata_choices,
        seed: seed.to_string(),
        settings_line: settings_line(tr, &app::EstimationSettings::quick(seed)),
        settings: settings_facts(tr, &app::EstimationSettings::quick(seed)),
        result,
        problem,
        layout,
    };
    show(&page)
}

// ---------------------------------------------------------------------------------------------
// Numbers in the reader's language.

/// A count rounded to a whole person, thousands apart.
fn count(tr: Tr, value: f64) -> String {
    if !value.is_finite() {
        return tr.t("estimate-infinite");
    }
    let digits = format!("{:.0}", value.abs().round());
    let separator = if tr.locale() == Locale::En { "," } else { "\u{a0}" };
    let mut out = String::new();
    for (index, c) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push_str(separator);
        }
        out.push(c);
    }
    if value <= -0.5 { format!("-{out}") } else { out }
}

/// A number with `places` decimals, with the reader's decimal mark.
fn decimal(tr: Tr, value: f64, places: usize) -> String {
    let text = format!("{value:.places$}");
    if tr.locale() == Locale::En { text } else { text.replace('.', ",") }
}

/// A share as a percentage with one decimal.
fn percent(tr: Tr, share: f64) -> String {
    format!("{}\u{a0}%", decimal(tr, share * 100.0, 1))
}

fn interval(tr: Tr, (low, high): (f64, f64)) -> String {
    tr.t_args("estimate-interval", &[("shown", count(tr, low)), ("total", count(tr, high))])
}

// ---------------------------------------------------------------------------------------------
// The page's parts.

fn settings_line(tr: Tr, settings: &app::EstimationSettings) -> String {
    tr.t_args(
        "estimate-settings-line",
        &[
            ("name", count(tr, settings.draws as f64)),
            ("shown", settings.chains.to_string()),
            ("total", settings.classes.to_string()),
        ],
    )
}

fn settings_facts(tr: Tr, settings: &app::EstimationSettings) -> Vec<Fact> {
    vec![
        fact(tr, "estimate-setting-classes", settings.classes.to_string()),
        fact(tr, "estimate-setting-chains", settings.chains.to_string()),
        fact(
            tr,
            "estimate-setting-sweeps",
            tr.t_args(
                "estimate-setting-sweeps-value",
                &[
                    ("name", count(tr, (settings.warm_up() + settings.burn_in) as f64)),
                    ("shown", count(tr, settings.draws as f64)),
                    ("total", settings.thinning.to_string()),
                ],
            ),
        ),
        fact(tr, "estimate-setting-seed", settings.seed.to_string()),
        fact(tr, "estimate-setting-loglinear", tr.t("estimate-setting-loglinear-value")),
        fact(tr, "estimate-setting-dga", tr.t("estimate-setting-dga-value")),
    ]
}

fn method_label(tr: Tr, method: Method) -> String {
    tr.t(&format!("estimate-method-{}", method.as_str()))
}

fn stratum_label(tr: Tr, label: &str) -> String {
    match label {
        "unknown" => tr.t("unknown"),
        app::POOLED_STRATUM => tr.t("estimate-stratum-pooled"),
        _ => label.to_owned(),
    }
}

/// Why a method gave no estimate, in plain words.
fn failure_text(tr: Tr, failure: &MethodFailure) -> String {
    let reason = match failure {
        MethodFailure::Engine(EstimationError::EmptyList { list }) => {
            tr.t_args("estimate-failure-empty-list", &[("name", list.clone())])
        }
        MethodFailure::Engine(EstimationError::TooFewLists { min, .. }) => {
            tr.t_args("estimate-failure-too-few-lists", &[("total", min.to_string())])
        }
        MethodFailure::Engine(EstimationError::TooManyLists { max, .. }) => {
            tr.t_args("estimate-failure-too-many-lists", &[("total", max.to_string())])
        }
        MethodFailure::Engine(EstimationError::NoEstimableModel) => tr.t("estimate-failure-no-model"),
        MethodFailure::Engine(EstimationError::ModelNotEstimable { model, .. }) => {
            tr.t_args("estimate-failure-model-not-fitted", &[("name", model.clone())])
        }
        MethodFailure::Engine(EstimationError::NoRecords) => tr.t("estimate-failure-nobody"),
        // Anything else is the engine's own (English) wording.
        MethodFailure::Engine(other) => other.to_string(),
        MethodFailure::NoTotal { strata } => tr.t_args(
            "estimate-failure-no-total",
            &[("name", strata.iter().map(|s| stratum_label(tr, s)).collect::<Vec<_>>().join(", "))],
        ),
    };
    tr.t_args("estimate-no-estimate", &[("name", reason)])
}

fn model_text(tr: Tr, model: &ModelChosen) -> String {
    match model {
        ModelChosen::LatentClasses { classes } => tr.t_args("estimate-model-lcmcr", &[("total", classes.to_string())]),
        ModelChosen::LogLinear { model } => tr.t_args("estimate-model-loglinear", &[("name", model.clone())]),
        ModelChosen::Graph { name, weight } => {
            tr.t_args("estimate-model-dga", &[("name", name.clone()), ("shown", decimal(tr, *weight, 2))])
        }
        ModelChosen::SumOfDraws => tr.t("estimate-model-sum-draws"),
        ModelChosen::SumOfEstimates => tr.t("estimate-model-sum-estimates"),
    }
}

fn r_hat_text(tr: Tr, r_hat: Option<f64>) -> String {
    r_hat.map_or_else(|| tr.t("estimate-r-hat-none"), |r| decimal(tr, r, 2))
}

fn diagnostics_text(tr: Tr, diagnostics: &Diagnostics) -> String {
    match diagnostics {
        Diagnostics::LatentClasses { r_hat, effective_size, draws, mean_occupied, classes, .. } => [
            tr.t_args(
                "estimate-diag-lcmcr",
                &[
                    ("name", r_hat_text(tr, *r_hat)),
                    ("shown", count(tr, *effective_size)),
                    ("total", count(tr, *draws as f64)),
                ],
            ),
            tr.t_args(
                "estimate-diag-classes",
                &[("shown", decimal(tr, *mean_occupied, 1)), ("total", classes.to_string())],
            ),
        ]
        .join("; "),
        Diagnostics::LogLinear { models, exhaustive } => tr.t_args(
            if *exhaustive { "estimate-diag-loglinear" } else { "estimate-diag-loglinear-stepwise" },
            &[("total", models.to_string())],
        ),
        Diagnostics::GraphicalModels { graphs, .. } => tr.t_args("estimate-diag-dga", &[("total", graphs.to_string())]),
        Diagnostics::Total { strata, draws } => match draws {
            Some(draws) => tr.t_args(
                "estimate-diag-total-draws",
                &[("shown", count(tr, *draws as f64)), ("total", strata.to_string())],
            ),
            None => [tr.t_args("estimate-diag-total", &[("total", strata.to_string())]), tr.t("estimate-no-interval")]
                .join("; "),
        },
    }
}

/// A warning of the engine in the reader's language.
fn warning_text(tr: Tr, warning: &Warning) -> String {
    let n = |value: u64| count(tr, value as f64);
    match warning {
        Warning::TooFewLists { n_lists } => {
            tr.t_args("estimate-warning-too-few-lists", &[("total", n_lists.to_string())])
        }
        Warning::EmptyListDropped { list } => {
            tr.t_args("estimate-warning-empty-list-dropped", &[("name", list.clone())])
        }
        Warning::FewPersons { n_observed } => tr.t_args("estimate-warning-few-persons", &[("total", n(*n_observed))]),
        Warning::SparseTable { n_empty, n_patterns } => tr.t_args(
            "estimate-warning-sparse-table",
            &[("shown", n_empty.to_string()), ("total", n_patterns.to_string())],
        ),
        Warning::NoOverlap { pairs } => {
            let and = tr.t("estimate-and");
            let named: Vec<String> = pairs.iter().map(|(a, b)| format!("{a} {and} {b}")).collect();
            tr.t_args("estimate-warning-no-overlap", &[("name", named.join("; ")), ("total", pairs.len().to_string())])
        }
        Warning::ChainsDisagree { r_hat } => {
            tr.t_args("estimate-warning-chains-disagree", &[("name", decimal(tr, *r_hat, 2))])
        }
        Warning::FewEffectiveDraws { effective_size } => {
            tr.t_args("estimate-warning-few-effective-draws", &[("total", count(tr, *effective_size))])
        }
        Warning::PressesOnCap { share, n_max } => {
            tr.t_args("estimate-warning-presses-on-cap", &[("shown", percent(tr, *share)), ("total", n(*n_max))])
        }
        Warning::ClassesAtLimit { n_classes } => {
            tr.t_args("estimate-warning-classes-at-limit", &[("total", n_classes.to_string())])
        }
        Warning::GridEdge { share } => tr.t_args("estimate-warning-grid-edge", &[("shown", percent(tr, *share))]),
        Warning::MethodsDisagree { low, high } => {
            tr.t_args("estimate-warning-methods-disagree", &[("shown", count(tr, *low)), ("total", count(tr, *high))])
        }
    }
}

/// One cell of the strata table: estimate and interval, or why there is none.
fn short_result(tr: Tr, result: &MethodResult) -> Cell {
    match &result.outcome {
        Ok(MethodEstimate { estimate, interval: Some(bounds), .. }) => Cell::number(
            tr.t_args("estimate-with-interval", &[("name", count(tr, *estimate)), ("shown", interval(tr, *bounds))]),
        ),
        Ok(MethodEstimate { estimate, interval: None, .. }) => Cell::number(count(tr, *estimate)),
        Err(failure) => Cell::text(failure_text(tr, failure)),
    }
}

fn methods_table(tr: Tr, overall: &TableEstimate) -> Table {
    let rows = overall
        .methods
        .iter()
        .map(|result| {
            let label = Cell::text(method_label(tr, result.method));
            match &result.outcome {
                Ok(estimate) => vec![
                    label,
                    Cell::number(count(tr, estimate.estimate)),
                    // A missing interval is explained in the diagnostics (a long text would not fit here).
                    Cell::number(estimate.interval.map_or_else(|| "—".to_owned(), |bounds| interval(tr, bounds))),
                    Cell::text(model_text(tr, &estimate.model)),
                    Cell::text(diagnostics_text(tr, &estimate.diagnostics)),
                ],
                Err(failure) => vec![
                    label,
                    Cell::number("—"),
                    Cell::number("—"),
                    Cell::text(failure_text(tr, failure)),
                    Cell::text(String::new()),
                ],
            }
        })
        .collect();
    let mut table = Table::new(
        tr,
        "estimate-methods",
        &[
            "estimate-col-method",
            "estimate-col-estimate",
            "estimate-col-interval",
            "estimate-col-model",
            "estimate-col-diagnostics",
        ],
        rows,
    );
    // Number columns right-aligned even when the first row failed.
    table.headers[1].numeric = true;
    table.headers[2].numeric = true;
    table.caption = Some(tr.t("estimate-methods-caption"));
    table.class = "estimates";
    table.note = Some(tr.t("estimate-model-note"));
    table
}

/// The latent-class diagnostics as facts, with what each means.
fn diagnostics_facts(tr: Tr, estimation: &Estimation) -> Vec<Fact> {
    let Some(estimate) = estimation.overall.method(Method::LatentClasses) else { return Vec::new() };
    match &estimate.diagnostics {
        Diagnostics::LatentClasses {
            r_hat,
            effective_size,
            draws,
            mean_occupied,
            max_occupied,
            classes,
            share_near_cap,
            cap,
        } => vec![
            fact(tr, "estimate-r-hat", r_hat_text(tr, *r_hat)),
            fact(
                tr,
                "estimate-ess",
                tr.t_args(
                    // More effective draws than draws: successive draws are negatively correlated
                    // (as `coda::effectiveSize` reports), which reads as an error unless said.
                    if *effective_size > *draws as f64 { "estimate-ess-value-high" } else { "estimate-ess-value" },
                    &[("shown", count(tr, *effective_size)), ("total", count(tr, *draws as f64))],
                ),
            ),
            fact(
                tr,
                "estimate-occupied",
                tr.t_args(
                    "estimate-occupied-value",
                    &[
                        ("name", decimal(tr, *mean_occupied, 1)),
                        ("shown", max_occupied.to_string()),
                        ("total", classes.to_string()),
                    ],
                ),
            ),
            fact(
                tr,
                "estimate-near-cap",
                tr.t_args(
                    "estimate-near-cap-value",
                    &[("shown", percent(tr, *share_near_cap)), ("total", count(tr, *cap as f64))],
                ),
            ),
        ],
        // A stratified total: R-hat of the summed chains; the rest is each stratum's, and their
        // warnings say when it is wanting.
        Diagnostics::Total { .. } => vec![
            fact(tr, "estimate-r-hat", r_hat_text(tr, estimation.posteriors.r_hat)),
            fact(tr, "estimate-diagnostics-strata", tr.t("estimate-diagnostics-per-stratum")),
        ],
        _ => Vec::new(),
    }
}

fn posterior_plot(tr: Tr, estimation: &Estimation) -> Option<Plot> {
    let draws: Vec<f64> = estimation.posteriors.chains.iter().flatten().copied().collect();
    if draws.is_empty() && estimation.posteriors.graphical.is_empty() {
        return None;
    }
    let lcmcr = estimation.overall.method(Method::LatentClasses);
    let dga = estimation.overall.method(Method::GraphicalModels);
    let mut legend = Vec::new();
    if !draws.is_empty() {
        legend.push(tr.t("estimate-legend-lcmcr"));
    }
    if !estimation.posteriors.graphical.is_empty() {
        legend.push(tr.t("estimate-legend-dga"));
    }
    if lcmcr.is_some() {
        legend.push(tr.t("estimate-legend-median"));
    }
    let labels = Labels {
        id: "posterior",
        title: tr.t("estimate-posterior-title"),
        desc: tr.t("estimate-posterior-desc"),
        x_axis: tr.t("estimate-axis-n"),
        y_axis: tr.t("estimate-axis-share"),
        legend,
    };
    let svg =
        plots::posterior(&labels, &draws, &estimation.posteriors.graphical, lcmcr.map(|e| e.estimate), &|value| {
            count(tr, value)
        });
    let mut summary = Vec::new();
    let describe = |id: &str, estimate: &MethodEstimate| {
        let (low, high) = estimate.interval.unwrap_or((estimate.estimate, estimate.estimate));
        tr.t_args(id, &[("name", count(tr, estimate.estimate)), ("shown", count(tr, low)), ("total", count(tr, high))])
    };
    if let Some(estimate) = lcmcr {
        summary.push(describe("estimate-posterior-lcmcr", estimate));
    }
    if let Some(estimate) = dga {
        summary.push(describe("estimate-posterior-dga", estimate));
    }
    summary.push(tr.t_args("estimate-posterior-floor", &[("total", count(tr, estimation.overall.n_observed as f64))]));
    Some(Plot { svg, summary })
}

fn trace_plot(tr: Tr, estimation: &Estimation) -> Option<Plot> {
    let chains = &estimation.posteriors.chains;
    if chains.is_empty() {
        return None;
    }
    let labels = Labels {
        id: "trace",
        title: tr.t("estimate-trace-title"),
        desc: tr.t("estimate-trace-desc"),
        x_axis: tr.t("estimate-axis-draw"),
        y_axis: tr.t("estimate-axis-n"),
        legend: (1..=chains.len()).map(|c| tr.t_args("estimate-legend-chain", &[("total", c.to_string())])).collect(),
    };
    let svg = plots::trace(&labels, chains, &|value| count(tr, value));
    // R-hat of the chains drawn (for a stratified total, of the summed chains).
    let r_hat = estimation.posteriors.r_hat;
    let mut summary = vec![tr.t_args(
        "estimate-trace-summary",
        &[
            ("name", r_hat_text(tr, r_hat)),
            ("shown", count(tr, chains.first().map_or(0, Vec::len) as f64)),
            ("total", chains.len().to_string()),
        ],
    )];
    summary.push(tr.t(if r_hat.is_none_or(|r| r <= 1.1) { "estimate-trace-agree" } else { "estimate-trace-disagree" }));
    Some(Plot { svg, summary })
}

fn strata_table(tr: Tr, estimation: &Estimation) -> Option<Table> {
    if estimation.strata.is_empty() {
        return None;
    }
    let rows = estimation
        .strata
        .iter()
        .map(|stratum| {
            let mut row =
                vec![Cell::text(stratum_label(tr, &stratum.label)), Cell::number(count(tr, stratum.n_observed as f64))];
            row.extend(stratum.methods.iter().map(|result| short_result(tr, result)));
            row
        })
        .collect();
    let mut table = Table::new(
        tr,
        "estimate-strata",
        &[
            "estimate-col-stratum",
            "estimate-col-observed",
            "estimate-method-lcmcr",
            "estimate-method-loglinear",
            "estimate-method-dga",
        ],
        rows,
    );
    for header in &mut table.headers[1..] {
        header.numeric = true;
    }
    table.caption = Some(tr.t("estimate-strata-caption"));
    table.class = "estimates";
    Some(table)
}

fn result_view(tr: Tr, estimation: &Estimation) -> ResultView {
    let overall = &estimation.overall;
    let observed = tr.t_args(
        "estimate-observed",
        &[
            // Numbered as the log-linear and graphical models name them: `[12,3]`.
            (
                "name",
                estimation
                    .lists
                    .iter()
                    .enumerate()
                    .map(|(i, l)| format!("{} {l}", i + 1))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ("shown", estimation.lists.len().to_string()),
            ("total", count(tr, overall.n_observed as f64)),
        ],
    );
    let strata_warnings = estimation
        .strata
        .iter()
        .flat_map(|stratum| {
            stratum.warnings.iter().map(|warning| {
                tr.t_args(
                    "estimate-warning-in-stratum",
                    &[("name", stratum_label(tr, &stratum.label)), ("shown", warning_text(tr, warning))],
                )
            })
        })
        .collect();
    ResultView {
        observed,
        warnings: overall.warnings.iter().map(|w| warning_text(tr, w)).collect(),
        methods: methods_table(tr, overall),
        diagnostics: diagnostics_facts(tr, estimation),
        total_note: estimation.by.map(|_| tr.t("estimate-total-note")),
        posterior: posterior_plot(tr, estimation),
        no_warnings: tr.t(if estimation.strata.iter().any(|s| !s.warnings.is_empty()) {
            "estimate-warnings-see-strata"
        } else {
            "estimate-warnings-none"
        }),
        trace: trace_plot(tr, estimation),
        strata: strata_table(tr, estimation),
        pooled_note: (!estimation.pooled.is_empty()).then(|| {
            let labels: Vec<String> = estimation.pooled.iter().map(|label| stratum_label(tr, label)).collect();
            tr.t_args(
                "estimate-pooled-note",
                &[("name", labels.join(", ")), ("shown", tr.t("estimate-stratum-pooled"))],
            )
        }),
        strata_warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_follow_the_readers_language() {
        assert_eq!(count(Tr::new(Locale::En), 10_356.5), "10,357");
        assert_eq!(count(Tr::new(Locale::Ru), 10_356.5), "10\u{a0}357");
        assert_eq!(decimal(Tr::new(Locale::Kk), 1.004, 2), "1,00");
        assert_eq!(count(Tr::new(Locale::En), 57.0), "57");
    }

    #[test]
    fn every_warning_has_words_in_every_language() {
        let warnings = [
            Warning::TooFewLists { n_lists: 2 },
            Warning::EmptyListDropped { list: "media".into() },
            Warning::FewPersons { n_observed: 48 },
            Warning::SparseTable { n_empty: 10, n_patterns: 15 },
            Warning::NoOverlap { pairs: vec![("a".into(), "b".into())] },
            Warning::ChainsDisagree { r_hat: 1.3 },
            Warning::FewEffectiveDraws { effective_size: 120.0 },
            Warning::PressesOnCap { share: 0.05, n_max: 1_000 },
            Warning::ClassesAtLimit { n_classes: 5 },
            Warning::GridEdge { share: 0.02 },
            Warning::MethodsDisagree { low: 50.0, high: 80.0 },
        ];
        for locale in [Locale::En, Locale::Ru, Locale::Kk] {
            for warning in &warnings {
                let text = warning_text(Tr::new(locale), warning);
                assert!(!text.starts_with("estimate-") && !text.contains('{'), "{locale:?} {warning:?}: {text}");
            }
        }
    }
}
