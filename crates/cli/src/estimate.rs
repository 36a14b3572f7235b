//! `aqiqat estimate`: how many deaths no list recorded, from a capture-history table, by the
//! `mse` engine's three methods side by side, without a database.
//!
//! Reads the table format of `shared/data/mse/` (one 0/1 column per list, `count`, optionally
//! `stratum`; without `count` every line is one record). Prints a table of the methods, or JSON
//! with `--json`: per method `estimate`, `interval` [low, high], the model chosen and diagnostics,
//! and for a stratified table the same per stratum with the total at the top. Warnings come in
//! plain words, in both forms.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, bail};
use mse::dga::{self, DgaConfig, DgaPosterior};
use mse::lcmcr::{LcmcrConfig, LcmcrPosterior};
use mse::loglinear::{self, Criterion, LoglinearEstimate};
use mse::warning::{self, Warning, thousands};
use mse::{CaptureTable, StratifiedTable};
use serde_json::{Value, json};

/// HRDAG's seed (the date of the Universal Declaration of Human Rights), the default here too.
const DEFAULT_SEED: u64 = 19_481_210;
/// Draws of each stratum's graphical-model posterior behind a stratified total.
const DGA_TOTAL_DRAWS: usize = 10_000;

#[derive(clap::Args)]
pub(crate) struct EstimateArgs {
    /// The capture-history table (CSV): one 0/1 column per list, `count` (or one line per
    /// record), optionally `stratum`.
    #[arg(long, value_name = "TABLE.csv")]
    input: PathBuf,
    /// Which method to run.
    #[arg(long, value_enum, default_value = "all")]
    method: Method,
    /// The seed of the latent-class chains: the same seed gives the same estimate.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// The latent-class run: `documented` (LCMCR's documented example: K = 10, burn-in 10,000,
    /// 1,000 draws at thinning 100, four chains), `production` (HRDAG's: K = min(2^J - 1, 15),
    /// 10,000 draws at thinning 500, one chain) or `fast` (production's K and draws at thinning 10,
    /// with a Hamiltonian move per sweep: as many effective draws of N in 45 times fewer sweeps).
    #[arg(long, value_enum, default_value = "documented")]
    setting: Setting,
    /// Latent classes K (overrides the setting).
    #[arg(long)]
    classes: Option<usize>,
    /// Independent chains, run in parallel (overrides the setting).
    #[arg(long)]
    chains: Option<usize>,
    /// Sweeps discarded before the draws (overrides the setting).
    #[arg(long)]
    burn_in: Option<u64>,
    /// Draws kept per chain (overrides the setting).
    #[arg(long)]
    draws: Option<usize>,
    /// Sweeps per kept draw (overrides the setting).
    #[arg(long)]
    thinning: Option<u64>,
    /// Extra moves per sweep on the unobserved counts with λ and π integrated out; 0 runs LCMCR's
    /// plain sweep (same posterior, slower mixing).
    #[arg(long)]
    collapsed_moves: Option<usize>,
    /// The criterion that picks the log-linear model.
    #[arg(long, value_enum, default_value = "bic")]
    criterion: CriterionArg,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Method {
    Lcmcr,
    Loglinear,
    Dga,
    All,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Setting {
    Documented,
    Production,
    Fast,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CriterionArg {
    Bic,
    Aic,
}

/// One method's outcome on one table: its JSON object, its row of the text table, its estimate
/// and its draws (for totals over strata).
struct Outcome {
    json: Value,
    row: Row,
    estimate: Option<f64>,
    draws: Option<Vec<f64>>,
    warnings: Vec<Warning>,
}

struct Row {
    method: &'static str,
    estimate: String,
    interval: String,
    model: String,
    diagnostics: String,
}

pub(crate) fn run(args: EstimateArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.input).with_context(|| format!("cannot read {}", args.input.display()))?;
    let parsed = mse::table::parse_csv(&text).with_context(|| format!("{}", args.input.display()))?;
    let mut notes: Vec<String> = parsed
        .notes
        .iter()
        .map(|note| match note {
            mse::table::Note::AllZeroRowsDropped { n_rows, n_persons } => format!(
                "{n_rows} lines with no list marked ({n_persons} persons) were left out: nobody is observed on no list"
            ),
        })
        .collect();
    let (table, dropped) = drop_empty_lists(parsed.table)?;
    notes.extend(dropped.iter().map(|list| Warning::EmptyListDropped { list: list.clone() }.to_string()));

    let lcmcr_config = lcmcr_config(&args, table.lists().len())?;
    let strata = table.strata();
    let stratified = table.is_stratified();

    // The latent-class chains of every stratum share the cores in one parallel run.
    let lcmcr_runs: Vec<mse::Result<LcmcrPosterior>> =
        if runs(args.method, Method::Lcmcr) { mse::strata::lcmcr(&table, &lcmcr_config) } else { Vec::new() };
    let mut per_stratum: Vec<(String, u64, Vec<Outcome>, Vec<Warning>)> = Vec::new();
    for (index, stratum) in strata.iter().enumerate() {
        let mut outcomes = Vec::new();
        if runs(args.method, Method::Lcmcr) {
            outcomes.push(lcmcr_outcome(&stratum.table, &lcmcr_runs[index], &lcmcr_config));
        }
        if runs(args.method, Method::Loglinear) {
            outcomes.push(loglinear_outcome(&stratum.table, args.criterion));
        }
        if runs(args.method, Method::Dga) {
            outcomes.push(dga_outcome(&stratum.table, args.seed, index as u64, stratified));
        }
        let mut warnings = warning::table_warnings(&stratum.table);
        for outcome in &outcomes {
            warnings.extend(outcome.warnings.iter().cloned());
        }
        let estimates: Vec<f64> = outcomes.iter().filter_map(|o| o.estimate).collect();
        warnings.extend(warning::agreement_warning(&estimates));
        per_stratum.push((stratum.label.clone(), stratum.table.n_observed(), outcomes, warnings));
    }

    let total_table = table.total();
    let (overall, overall_warnings): (Vec<Outcome>, Vec<Warning>) = if stratified {
        let outcomes = total_outcomes(&per_stratum);
        let estimates: Vec<f64> = outcomes.iter().filter_map(|o| o.estimate).collect();
        let warnings = warning::agreement_warning(&estimates).into_iter().collect();
        (outcomes, warnings)
    } else {
        let (_, _, outcomes, warnings) = per_stratum.pop().expect("an unstratified table is one stratum");
        (outcomes, warnings)
    };

    let mut all_warnings: Vec<String> = notes;
    all_warnings.extend(overall_warnings.iter().map(ToString::to_string));
    if stratified {
        for (label, _, _, warnings) in &per_stratum {
            all_warnings.extend(warnings.iter().map(|w| format!("stratum {label}: {w}")));
        }
    }

    let mut out = String::new();
    if args.json {
        let methods = |outcomes: &[Outcome]| -> Value {
            Value::Object(outcomes.iter().map(|o| (o.row.method.to_owned(), o.json.clone())).collect())
        };
        let mut document = json!({
            "input": args.input.display().to_string(),
            "lists": table.lists(),
            "observed": total_table.n_observed(),
            "seed": args.seed,
            "methods": methods(&overall),
            "warnings": all_warnings,
        });
        if stratified {
            document["strata"] = Value::Array(
                per_stratum
                    .iter()
                    .map(|(label, n, outcomes, warnings)| {
                        json!({
                            "stratum": label,
                            "observed": n,
                            "methods": methods(outcomes),
                            "warnings": warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
                        })
                    })
                    .collect(),
            );
        }
        out.push_str(&serde_json::to_string_pretty(&document).context("cannot write the JSON")?);
        out.push('\n');
    } else {
        let _ = writeln!(
            out,
            "{}: {} lists ({}), {} persons on at least one list",
            args.input.display(),
            table.lists().len(),
            table.lists().join(", "),
            thousands(total_table.n_observed() as f64)
        );
        if stratified {
            for (label, n, outcomes, _) in &per_stratum {
                let _ = writeln!(out, "\nstratum {label} ({} persons)", thousands(*n as f64));
                write_rows(&mut out, outcomes);
            }
            let _ = writeln!(out, "\ntotal over {} strata", per_stratum.len());
        } else {
            out.push('\n');
        }
        write_rows(&mut out, &overall);
        if !all_warnings.is_empty() {
            out.push_str("\nwarnings:\n");
            for warning in &all_warnings {
                let _ = writeln!(out, "  - {warning}");
            }
        }
    }
    print!("{out}");
    Ok(())
}

fn runs(asked: Method, method: Method) -> bool {
    asked == Method::All || asked == method
}

/// Leaves out lists that name nobody in any stratum (no method can learn about them).
fn drop_empty_lists(table: StratifiedTable) -> anyhow::Result<(StratifiedTable, Vec<String>)> {
    let total = table.total();
    let empty = total.empty_lists();
    if empty.is_empty() {
        return Ok((table, Vec::new()));
    }
    let kept: Vec<usize> = (0..total.n_lists()).filter(|list| !empty.contains(list)).collect();
    if kept.len() < 2 {
        bail!("fewer than two lists name anybody: nothing can be estimated");
    }
    let dropped = empty.iter().map(|list| total.lists()[*list].clone()).collect();
    Ok((table.keep_lists(&kept)?, dropped))
}

fn lcmcr_config(args: &EstimateArgs, n_lists: usize) -> anyhow::Result<LcmcrConfig> {
    let base = match args.setting {
        Setting::Documented => LcmcrConfig::documented(args.seed),
        Setting::Production => LcmcrConfig::production(n_lists, args.seed),
        Setting::Fast => LcmcrConfig::fast(n_lists, args.seed),
    };
    Ok(LcmcrConfig {
        n_classes: args.classes.unwrap_or(base.n_classes),
        n_chains: args.chains.unwrap_or(base.n_chains),
        burn_in: args.burn_in.unwrap_or(base.burn_in),
        n_draws: args.draws.unwrap_or(base.n_draws),
        thinning: args.thinning.unwrap_or(base.thinning),
        collapsed_moves: args.collapsed_moves.unwrap_or(base.collapsed_moves),
        ..base
    })
}

fn failed(method: &'static str, error: &mse::Error) -> Outcome {
    Outcome {
        json: json!({ "error": error.to_string() }),
        row: Row {
            method,
            estimate: "-".into(),
            interval: "-".into(),
            model: "not run".into(),
            diagnostics: error.to_string(),
        },
        estimate: None,
        draws: None,
        warnings: Vec::new(),
    }
}

fn lcmcr_outcome(table: &CaptureTable, run: &mse::Result<LcmcrPosterior>, config: &LcmcrConfig) -> Outcome {
    if table.n_lists() < 3 {
        return failed(
            "lcmcr",
            &mse::Error::TooFewLists { method: "the latent-class model", n_lists: table.n_lists(), min: 3 },
        );
    }
    let posterior = match run {
        Ok(posterior) => posterior,
        Err(error) => return failed("lcmcr", error),
    };
    let summary = posterior.summary();
    let model =
        format!("latent classes, K = {}, a = {}, b = {}", config.n_classes, config.alpha_shape, config.alpha_rate);
    let json = json!({
        "estimate": summary.median,
        "interval": [summary.interval.0, summary.interval.1],
        "model": model,
        "settings": {
            "classes": config.n_classes,
            "alpha_shape": config.alpha_shape,
            "alpha_rate": config.alpha_rate,
            "burn_in": config.burn_in,
            "draws_per_chain": config.n_draws,
            "thinning": config.thinning,
            "chains": config.n_chains,
            "collapsed_moves": config.collapsed_moves,
            "hamiltonian_moves": config.marginal_moves,
            "seed": config.seed,
            "warm_up": mse::lcmcr::WARM_UP_SWEEPS,
            "sweeps_per_chain": config.sweeps_per_chain() + mse::lcmcr::WARM_UP_SWEEPS,
        },
        "diagnostics": {
            "r_hat": summary.r_hat,
            "effective_size": summary.effective_size,
            "draws": summary.n_draws,
            "mean_occupied_classes": summary.mean_occupied,
            "max_occupied_classes": summary.max_occupied,
            "cap": posterior.n_max,
            "share_near_cap": summary.share_near_cap,
            "share_cap_redraws": summary.share_cap_redraws,
        },
    });
    let r_hat = summary.r_hat.map_or_else(|| "-".to_owned(), |r| format!("{r:.2}"));
    Outcome {
        json,
        row: Row {
            method: "lcmcr",
            estimate: thousands(summary.median),
            interval: interval(summary.interval),
            model: format!("latent classes, K = {}", config.n_classes),
            diagnostics: format!(
                "R-hat {r_hat}, ESS {} of {} draws, {:.1} classes used",
                thousands(summary.effective_size),
                thousands(summary.n_draws as f64),
                summary.mean_occupied
            ),
        },
        estimate: Some(summary.median),
        draws: Some(posterior.pooled()),
        warnings: warning::lcmcr_warnings(&summary, config.n_classes, posterior.n_max),
    }
}

fn loglinear_outcome(table: &CaptureTable, criterion: CriterionArg) -> Outcome {
    let criterion = match criterion {
        CriterionArg::Bic => Criterion::Bic,
        CriterionArg::Aic => Criterion::Aic,
    };
    let estimate: LoglinearEstimate = match loglinear::estimate(table, criterion) {
        Ok(estimate) => estimate,
        Err(error) => return failed("loglinear", &error),
    };
    let best = estimate.search.best();
    let runner_up = estimate.search.fits.get(1).map(|fit| {
        json!({
            "model": fit.model.to_string(),
            "estimate": fit.estimate,
            "criterion": fit.criterion(criterion),
        })
    });
    let upper = estimate.interval.1.is_finite().then_some(estimate.interval.1);
    let json = json!({
        "estimate": estimate.estimate,
        "interval": [estimate.interval.0, upper],
        "model": best.model.to_string(),
        "criterion": criterion.as_str(),
        "diagnostics": {
            "deviance": best.deviance,
            "df": best.df,
            "aic": best.aic,
            "bic": best.bic,
            "models_fitted": estimate.search.fits.len(),
            "models_not_estimable": estimate.search.n_not_estimable,
            "exhaustive_search": estimate.search.exhaustive,
            "runner_up": runner_up,
        },
    });
    Outcome {
        json,
        row: Row {
            method: "loglinear",
            estimate: thousands(estimate.estimate),
            interval: interval(estimate.interval),
            model: format!("{} ({})", best.model, criterion.as_str()),
            diagnostics: format!(
                "{} models{}",
                estimate.search.fits.len(),
                if estimate.search.exhaustive { "" } else { ", stepwise" }
            ),
        },
        estimate: Some(estimate.estimate),
        draws: None,
        warnings: Vec::new(),
    }
}

fn dga_outcome(table: &CaptureTable, seed: u64, stratum_index: u64, with_draws: bool) -> Outcome {
    if table.n_lists() < 3 {
        return failed(
            "dga",
            &mse::Error::TooFewLists { method: "graphical model averaging", n_lists: table.n_lists(), min: 3 },
        );
    }
    let posterior: DgaPosterior = match dga::estimate(table, &DgaConfig::standard()) {
        Ok(posterior) => posterior,
        Err(error) => return failed("dga", &error),
    };
    let top = &posterior.graphs[0];
    let (low, high) = posterior.interval();
    let json = json!({
        "estimate": posterior.median(),
        "interval": [low, high],
        "model": top.name,
        "model_weight": top.weight,
        "diagnostics": {
            "graphs": posterior.graphs.len(),
            "mode": posterior.mode(),
            "delta": posterior.delta,
            "grid_end": posterior.grid_end(),
            "share_near_grid_edge": posterior.share_near_grid_edge(),
        },
    });
    Outcome {
        json,
        row: Row {
            method: "dga",
            estimate: thousands(posterior.median() as f64),
            interval: interval((low as f64, high as f64)),
            model: format!("{} (weight {:.2})", top.name, top.weight),
            diagnostics: format!("{} graphs", posterior.graphs.len()),
        },
        estimate: Some(posterior.median() as f64),
        draws: with_draws.then(|| mse::strata::dga_draws(&posterior, DGA_TOTAL_DRAWS, seed, stratum_index)),
        warnings: warning::dga_warnings(&posterior),
    }
}

/// The total over strata: the Bayesian methods through their draws, the log-linear one as the sum
/// of the strata's estimates (profile intervals do not add up).
fn total_outcomes(per_stratum: &[(String, u64, Vec<Outcome>, Vec<Warning>)]) -> Vec<Outcome> {
    let n_methods = per_stratum[0].2.len();
    (0..n_methods)
        .map(|m| {
            let method = per_stratum[0].2[m].row.method;
            let outcomes: Vec<&Outcome> = per_stratum.iter().map(|(_, _, outcomes, _)| &outcomes[m]).collect();
            let failed_strata: Vec<&str> = per_stratum
                .iter()
                .zip(&outcomes)
                .filter(|(_, outcome)| outcome.estimate.is_none())
                .map(|((label, ..), _)| label.as_str())
                .collect();
            if !failed_strata.is_empty() {
                let reason = format!("no total: no estimate for stratum {}", failed_strata.join(", "));
                return Outcome {
                    json: json!({ "error": reason }),
                    row: Row {
                        method,
                        estimate: "-".into(),
                        interval: "-".into(),
                        model: "not run".into(),
                        diagnostics: reason,
                    },
                    estimate: None,
                    draws: None,
                    warnings: Vec::new(),
                };
            }
            let draws: Option<Vec<Vec<f64>>> = outcomes.iter().map(|o| o.draws.clone()).collect();
            match draws.as_deref().and_then(mse::strata::total) {
                Some(total) => {
                    let (median, bounds) = mse::diagnostics::median_and_interval(&total);
                    Outcome {
                        json: json!({
                            "estimate": median,
                            "interval": [bounds.0, bounds.1],
                            "model": "sum over strata of each stratum's posterior draws",
                            "diagnostics": { "draws": total.len(), "strata": per_stratum.len() },
                        }),
                        row: Row {
                            method,
                            estimate: thousands(median),
                            interval: interval(bounds),
                            model: "sum of the strata's draws".into(),
                            diagnostics: format!("{} draws", thousands(total.len() as f64)),
                        },
                        estimate: Some(median),
                        draws: None,
                        warnings: Vec::new(),
                    }
                }
                None => {
                    let sum: f64 = outcomes.iter().filter_map(|o| o.estimate).sum();
                    Outcome {
                        json: json!({
                            "estimate": sum,
                            "interval": Value::Null,
                            "model": "sum over strata of each stratum's best model",
                            "diagnostics": { "strata": per_stratum.len() },
                        }),
                        row: Row {
                            method,
                            estimate: thousands(sum),
                            interval: "-".into(),
                            model: "sum of the strata's estimates".into(),
                            diagnostics: "no interval: profile intervals do not add up".into(),
                        },
                        estimate: Some(sum),
                        draws: None,
                        warnings: Vec::new(),
                    }
                }
            }
        })
        .collect()
}

fn write_rows(out: &mut String, outcomes: &[Outcome]) {
    let header = Row {
        method: "method",
        estimate: "estimate".into(),
        interval: "95% interval".into(),
        model: "model".into(),
        diagnostics: "diagnostics".into(),
    };
    let rows: Vec<&Row> = std::iter::once(&header).chain(outcomes.iter().map(|o| &o.row)).collect();
    let width = |field: fn(&Row) -> usize| rows.iter().map(|row| field(row)).max().unwrap_or(0);
    let w_method = width(|r| r.method.chars().count());
    let w_estimate = width(|r| r.estimate.chars().count());
    let w_interval = width(|r| r.interval.chars().count());
    let w_model = width(|r| r.model.chars().count());
    for row in rows {
        let line = format!(
            "{:<w_method$}  {:>w_estimate$}  {:<w_interval$}  {:<w_model$}  {}",
            row.method, row.estimate, row.interval, row.model, row.diagnostics
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

fn interval((low, high): (f64, f64)) -> String {
    format!("{} - {}", thousands(low), thousands(high))
}
