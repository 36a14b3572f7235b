//! Estimation (issue 5): how many deaths no list recorded, from the registry's capture histories,
//! by the three methods of crate `mse` side by side: the latent-class model (LCMCR), the
//! log-linear model chosen by BIC, and graphical model averaging (dga); per stratum (place or ISO
//! week of death) and in total, with the engine's warnings.
//!
//! A read: it changes nothing and appends no event (the capture histories it starts from are
//! readable under the same rule). An unstratified table runs as `aqiqat estimate` runs it (lists
//! that name nobody left out; the same figures for the same seed and settings). Strata go further
//! than the command line, which gives no total when one stratum cannot be estimated: a list that
//! names nobody in a stratum is left out of that stratum, and strata too small to estimate alone
//! are pooled into one, so that the total (the sum of the strata's draws) exists. The latent-class
//! run is small and fixed so that a page renders in well under a second; the seed is the caller's,
//! so the same request gives the same figures.

use domain::access::{Action, Actor, authorize};
use mse::dga::{self, DgaConfig};
use mse::lcmcr::{LcmcrConfig, LcmcrPosterior};
use mse::loglinear::{self, Criterion};
use mse::table::Stratum;
use mse::warning::{self, Warning};
use mse::{CaptureTable, StratifiedTable};

use crate::capture::{CaptureHistories, Stratify};
use crate::{App, Error, Result};

/// HRDAG's seed (the date of the Universal Declaration of Human Rights), as `aqiqat estimate`.
pub const DEFAULT_SEED: u64 = 19_481_210;

/// Draws of each stratum's graphical-model posterior behind a stratified total (as many as the
/// latent-class run keeps, so both totals rest on the same number of draws).
const fn dga_total_draws(settings: &EstimationSettings) -> usize {
    settings.chains * settings.draws
}

/// The latent-class run of the estimation page: smaller than LCMCR's documented example (K = 10,
/// burn-in 10,000, 1,000 draws at thinning 100) so that a page is quick, with four chains so that
/// R-hat can say whether they agree, and one Hamiltonian move per sweep (as `--setting fast`): on
/// Kosovo the plain sweep's K = 5 run gave R-hat up to 1.37 and 89-218 effective draws, this one
/// R-hat at most 1.004 and about a thousand, in about half a CPU-second.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimationSettings {
    /// K, the latent classes.
    pub classes: usize,
    /// Independent chains.
    pub chains: usize,
    /// Sweeps discarded after LCMCR's warm-up.
    pub burn_in: u64,
    /// Draws kept per chain.
    pub draws: usize,
    /// Sweeps per kept draw.
    pub thinning: u64,
    /// The seed of the chains (and of the graphical-model draws behind a stratified total).
    pub seed: u64,
    /// Hamiltonian moves on the class weights and probabilities per sweep (`mse::marginal`).
    pub marginal_moves: usize,
}

impl EstimationSettings {
    /// The page's run for `seed`: K = 10, four chains of 1,000 sweeps of burn-in and 250 draws at
    /// thinning 10, one Hamiltonian move per sweep.
    pub fn quick(seed: u64) -> EstimationSettings {
        EstimationSettings { classes: 10, chains: 4, burn_in: 1_000, draws: 250, thinning: 10, seed, marginal_moves: 1 }
    }

    fn lcmcr(&self) -> LcmcrConfig {
        LcmcrConfig {
            n_classes: self.classes,
            n_chains: self.chains,
            burn_in: self.burn_in,
            n_draws: self.draws,
            thinning: self.thinning,
            marginal_moves: self.marginal_moves,
            ..LcmcrConfig::documented(self.seed)
        }
    }

    /// LCMCR's warm-up sweeps with the concentration fixed, before the burn-in.
    pub fn warm_up(&self) -> u64 {
        mse::lcmcr::WARM_UP_SWEEPS
    }
}

/// One of the three methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The Bayesian latent-class model (LCMCR).
    LatentClasses,
    /// The log-linear model chosen by BIC (Rcapture).
    LogLinear,
    /// Averaging over decomposable graphical models (dga).
    GraphicalModels,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::LatentClasses, Method::LogLinear, Method::GraphicalModels];

    /// A stable code: `lcmcr`, `loglinear`, `dga` (the command line's names).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::LatentClasses => "lcmcr",
            Method::LogLinear => "loglinear",
            Method::GraphicalModels => "dga",
        }
    }
}

/// The model a method settled on.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelChosen {
    /// K latent classes.
    LatentClasses { classes: usize },
    /// A hierarchical log-linear model in Rcapture's bracket notation, chosen by BIC.
    LogLinear { model: String },
    /// The heaviest decomposable graph (named by its cliques) and its posterior weight.
    Graph { name: String, weight: f64 },
    /// A stratified total: the sum of the strata's posterior draws.
    SumOfDraws,
    /// A stratified total of the log-linear estimates: the sum of the strata's estimates (profile
    /// intervals do not add up, so there is no interval).
    SumOfEstimates,
}

/// How far to trust a method's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Diagnostics {
    LatentClasses {
        /// Split R-hat of N across chains (`None` when too short to split).
        r_hat: Option<f64>,
        /// Effective sample size of N over all chains.
        effective_size: f64,
        /// Draws kept over all chains.
        draws: usize,
        /// Mean and largest number of occupied classes, of K.
        mean_occupied: f64,
        max_occupied: u16,
        classes: usize,
        /// Share of draws within 10% of the cap, and the cap on N.
        share_near_cap: f64,
        cap: u64,
    },
    LogLinear {
        /// Models fitted, and whether every hierarchical model was (else a stepwise search).
        models: usize,
        exhaustive: bool,
    },
    GraphicalModels {
        /// Graphs averaged over.
        graphs: usize,
        /// Posterior mass in the top tenth of the grid of N.
        share_near_grid_edge: f64,
    },
    /// A stratified total: how many strata and draws it adds up.
    Total { strata: usize, draws: Option<usize> },
}

/// One method's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodEstimate {
    /// N: posterior median, or the maximum-likelihood estimate.
    pub estimate: f64,
    /// The central 95% interval (posterior) or the profile-likelihood interval; `None` for a
    /// stratified log-linear total. The upper end may be infinite.
    pub interval: Option<(f64, f64)>,
    pub model: ModelChosen,
    pub diagnostics: Diagnostics,
}

/// Why a method gave no answer.
#[derive(Debug, Clone, PartialEq)]
pub enum MethodFailure {
    /// The engine refused the table (too few lists, a list that names nobody here, too sparse).
    Engine(mse::Error),
    /// A stratified total when some strata have no estimate.
    NoTotal { strata: Vec<String> },
}

/// One method's row: its answer, or why there is none.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodResult {
    pub method: Method,
    pub outcome: std::result::Result<MethodEstimate, MethodFailure>,
}

impl MethodResult {
    pub fn estimate(&self) -> Option<&MethodEstimate> {
        self.outcome.as_ref().ok()
    }
}

/// The estimates of one table: a stratum, or the whole registry (or the total over strata).
#[derive(Debug, Clone, PartialEq)]
pub struct TableEstimate {
    /// The stratum's label (`almati`, `2022-W01`, `unknown`); empty for the whole.
    pub label: String,
    /// n, the persons on at least one list.
    pub n_observed: u64,
    /// The three methods, in [`Method::ALL`] order.
    pub methods: Vec<MethodResult>,
    /// Reasons for caution about this table and its results.
    pub warnings: Vec<Warning>,
}

impl TableEstimate {
    pub fn method(&self, method: Method) -> Option<&MethodEstimate> {
        self.methods.iter().find(|m| m.method == method).and_then(MethodResult::estimate)
    }
}

/// What the plots of N are drawn from: the whole registry's (or the total's) posteriors.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Posteriors {
    /// The latent-class chains' draws of N, chain by chain, in draw order (for a stratified table,
    /// draw i of chain c is the sum of draw i of chain c in every stratum).
    pub chains: Vec<Vec<f64>>,
    /// The graphical-model posterior of N as (N, probability), increasing in N: exact on the
    /// grid for one table, the shares of the summed draws for a stratified total.
    pub graphical: Vec<(u64, f64)>,
    /// Split R-hat of `chains` (`None` when there are none, or too short to split).
    pub r_hat: Option<f64>,
}

/// The estimation page's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimation {
    /// The lists estimated over, in bit order (lists that name nobody left out).
    pub lists: Vec<String>,
    pub by: Option<Stratify>,
    pub settings: EstimationSettings,
    /// The whole registry, or for a stratified table the total over strata (its warnings are
    /// then those of the total: lists left out, methods that disagree).
    pub overall: TableEstimate,
    /// Each stratum; empty when not stratified. Strata too small to estimate alone are pooled
    /// into one labelled [`POOLED_STRATUM`].
    pub strata: Vec<TableEstimate>,
    /// The labels of the strata pooled into [`POOLED_STRATUM`], in their order.
    pub pooled: Vec<String>,
    pub posteriors: Posteriors,
}

impl App {
    /// Estimates how many deaths no list recorded, from the capture histories of the registry
    /// over the lists of the latest link run, optionally per stratum. Readable by whoever may read
    /// the registry; nothing is written.
    pub async fn estimate(&self, actor: &Actor, by: Option<Stratify>, seed: u64) -> Result<Estimation> {
        authorize(actor, Action::ReadRegistry)?;
        let histories = self.capture_histories(actor, by).await?;
        let settings = EstimationSettings::quick(seed);
        let _turn = self
            .estimates
            .acquire()
            .await
            .map_err(|error| Error::Conflict(format!("the estimation stopped: {error}")))?;
        // The chains are CPU-bound: off the async workers, as link runs are.
        tokio::task::spawn_blocking(move || estimate_histories(&histories, settings))
            .await
            .map_err(|error| Error::Conflict(format!("the estimation stopped: {error}")))?
    }
}

fn bad_input(detail: String) -> Error {
    Error::BadInput { what: "estimation", detail }
}

/// The estimation itself, pure: the capture histories in, the three methods per table out.
pub fn estimate_histories(histories: &CaptureHistories, settings: EstimationSettings) -> Result<Estimation> {
    let table = stratified_table(histories).map_err(|error| bad_input(error.to_string()))?;
    let (table, dropped) = drop_empty_lists(table)?;
    let stratified = table.is_stratified();
    let (prepared, pooled) = if stratified {
        prepare_strata(&table)?
    } else {
        let whole = table.total();
        (vec![Prepared { label: String::new(), table: whole, dropped: Vec::new() }], Vec::new())
    };
    let mut strata = Vec::with_capacity(prepared.len());
    let mut lcmcr_draws = Vec::with_capacity(prepared.len());
    let mut dga_draws = Vec::with_capacity(prepared.len());
    let mut single_posteriors = Posteriors::default();
    for (index, Prepared { label, table: stratum_table, dropped }) in prepared.into_iter().enumerate() {
        let mut methods = Vec::with_capacity(3);
        let mut warnings: Vec<Warning> = dropped.into_iter().map(|list| Warning::EmptyListDropped { list }).collect();
        warnings.extend(warning::table_warnings(&stratum_table));

        // Strata may leave out different lists, so each runs alone (`mse::strata::lcmcr` needs
        // the same lists in every stratum), on a seed of its own derived from the caller's.
        let config = EstimationSettings { seed: stratum_seed(settings.seed, index, stratified), ..settings.clone() };
        let run = mse::lcmcr::sample(&stratum_table, &config.lcmcr());
        let lcmcr = latent_classes(&stratum_table, run, &settings);
        warnings.extend(lcmcr.warnings);
        methods.push(MethodResult { method: Method::LatentClasses, outcome: lcmcr.outcome });
        lcmcr_draws.push(lcmcr.chains.clone());

        methods.push(MethodResult { method: Method::LogLinear, outcome: log_linear(&stratum_table) });

        let (outcome, posterior) = match graphical_models(&stratum_table) {
            Ok((estimate, posterior)) => {
                warnings.extend(warning::dga_warnings(&posterior));
                (Ok(estimate), Some(posterior))
            }
            Err(error) => (Err(MethodFailure::Engine(error)), None),
        };
        methods.push(MethodResult { method: Method::GraphicalModels, outcome });
        if stratified {
            let draws = posterior
                .as_ref()
                .map(|p| mse::strata::dga_draws(p, dga_total_draws(&settings), settings.seed, index as u64));
            dga_draws.push(draws);
        } else {
            let chains = lcmcr.chains.unwrap_or_default();
            single_posteriors = Posteriors {
                r_hat: mse::diagnostics::split_r_hat(&chains),
                chains,
                graphical: posterior.map(|p| exact_pmf(&p)).unwrap_or_default(),
            };
        }

        let estimates: Vec<f64> = methods.iter().filter_map(|m| m.estimate().map(|e| e.estimate)).collect();
        warnings.extend(warning::agreement_warning(&estimates));
        strata.push(TableEstimate { label, n_observed: stratum_table.n_observed(), methods, warnings });
    }
    let dropped_warnings = dropped.into_iter().map(|list| Warning::EmptyListDropped { list });
    let (overall, posteriors) = if stratified {
        let (overall, posteriors) = total(&strata, &lcmcr_draws, &dga_draws, &settings);
        let mut overall = overall;
        let mut warnings: Vec<Warning> = dropped_warnings.collect();
        warnings.append(&mut overall.warnings);
        overall.warnings = warnings;
        (overall, posteriors)
    } else {
        let mut overall = strata.pop().ok_or_else(|| bad_input("the table has no stratum".to_owned()))?;
        let mut warnings: Vec<Warning> = dropped_warnings.collect();
        warnings.append(&mut overall.warnings);
        overall.warnings = warnings;
        (overall, single_posteriors)
    };
    Ok(Estimation { lists: table.lists().to_vec(), by: histories.by, settings, overall, strata, pooled, posteriors })
}

/// The label of the stratum that pools the strata too small to estimate alone.
pub const POOLED_STRATUM: &str = "other";

/// The fewest lists naming somebody in a stratum for it to be estimated alone: the latent-class
/// model and graphical model averaging need three.
const MIN_LISTS_IN_STRATUM: usize = 3;
/// The fewest persons in a stratum for it to be estimated alone: below this every method rests
/// on a handful of overlaps (a week with two deaths says nothing about the deaths it missed).
const MIN_PERSONS_IN_STRATUM: u64 = 10;

/// A stratum ready to estimate: its table over the lists that name somebody in it.
struct Prepared {
    label: String,
    table: CaptureTable,
    /// Lists left out because they name nobody in this stratum.
    dropped: Vec<String>,
}

/// The strata to estimate, and the labels of those pooled. A list that names nobody in a stratum
/// is left out of that stratum (a morgue list of one city says nothing about another), and strata
/// with fewer than ten persons, or where fewer than three lists name anybody, are pooled into one
/// stratum, [`POOLED_STRATUM`] (a week with two deaths cannot be estimated alone, and without an
/// estimate for every stratum there is no total).
fn prepare_strata(table: &StratifiedTable) -> Result<(Vec<Prepared>, Vec<String>)> {
    let n_lists = table.lists().len();
    let lists_named = |t: &CaptureTable| n_lists - t.empty_lists().len();
    let (alone, small): (Vec<&Stratum>, Vec<&Stratum>) = table
        .strata()
        .iter()
        .partition(|s| lists_named(&s.table) >= MIN_LISTS_IN_STRATUM && s.table.n_observed() >= MIN_PERSONS_IN_STRATUM);
    let mut tables: Vec<(String, CaptureTable)> = alone.iter().map(|s| (s.label.clone(), s.table.clone())).collect();
    let pooled: Vec<String> = match small.as_slice() {
        [] => Vec::new(),
        // One small stratum keeps its own name: there is nothing to pool it with.
        [only] => {
            tables.push((only.label.clone(), only.table.clone()));
            Vec::new()
        }
        many => {
            let mut counts = vec![0u64; 1 << n_lists];
            for stratum in many {
                for (sum, count) in counts.iter_mut().zip(stratum.table.counts()) {
                    *sum += count;
                }
            }
            let pool = CaptureTable::new(table.lists().to_vec(), &counts[1..]).map_err(|e| bad_input(e.to_string()))?;
            tables.push((POOLED_STRATUM.to_owned(), pool));
            many.iter().map(|s| s.label.clone()).collect()
        }
    };
    tables
        .into_iter()
        .map(|(label, stratum_table)| {
            let empty = stratum_table.empty_lists();
            if empty.is_empty() || empty.len() == n_lists {
                return Ok(Prepared { label, table: stratum_table, dropped: Vec::new() });
            }
            let kept: Vec<usize> = (0..n_lists).filter(|list| !empty.contains(list)).collect();
            let dropped = empty.iter().map(|list| table.lists()[*list].clone()).collect();
            let kept = stratum_table.keep_lists(&kept).map_err(|e| bad_input(e.to_string()))?;
            Ok(Prepared { label, table: kept, dropped })
        })
        .collect::<Result<Vec<Prepared>>>()
        .map(|prepared| (prepared, pooled))
}

/// The latent-class seed of stratum `index`: the caller's for an unstratified table (so the page
/// agrees with `aqiqat estimate --seed`), else a SplitMix64 mix of it and the stratum's index, so
/// the strata's chains are independent and their draws can be added up.
fn stratum_seed(seed: u64, index: usize, stratified: bool) -> u64 {
    if !stratified {
        return seed;
    }
    let mut z = seed ^ (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The registry's capture histories as the engine's table.
fn stratified_table(histories: &CaptureHistories) -> mse::Result<StratifiedTable> {
    let tables = histories
        .strata
        .iter()
        .map(|(label, counts)| {
            Ok(Stratum { label: label.clone(), table: CaptureTable::new(histories.columns.clone(), counts)? })
        })
        .collect::<mse::Result<Vec<_>>>()?;
    match histories.by {
        None => {
            let table = tables.into_iter().next().ok_or(mse::Error::NoRecords)?.table;
            Ok(StratifiedTable::single(table))
        }
        Some(_) => StratifiedTable::new(tables),
    }
}

/// Leaves out lists that name nobody in any stratum, as `aqiqat estimate` does: no method can
/// learn anything about them.
fn drop_empty_lists(table: StratifiedTable) -> Result<(StratifiedTable, Vec<String>)> {
    let total = table.total();
    if total.n_observed() == 0 {
        return Err(bad_input("nobody is on any linked list".to_owned()));
    }
    let empty = total.empty_lists();
    if empty.is_empty() {
        return Ok((table, Vec::new()));
    }
    let kept: Vec<usize> = (0..total.n_lists()).filter(|list| !empty.contains(list)).collect();
    if kept.len() < 2 {
        return Err(bad_input("fewer than two lists name anybody: nothing can be estimated".to_owned()));
    }
    let dropped = empty.iter().map(|list| total.lists()[*list].clone()).collect();
    let kept = table.keep_lists(&kept).map_err(|error| bad_input(error.to_string()))?;
    Ok((kept, dropped))
}

/// The latent-class row of one table, its chains' draws, and its warnings.
struct LatentClassRun {
    outcome: std::result::Result<MethodEstimate, MethodFailure>,
    chains: Option<Vec<Vec<f64>>>,
    warnings: Vec<Warning>,
}

fn latent_classes(
    table: &CaptureTable,
    run: mse::Result<LcmcrPosterior>,
    settings: &EstimationSettings,
) -> LatentClassRun {
    // The engine accepts two lists; like the command line, the page asks for three, since with two
    // the classes cannot be told apart from the lists' dependence.
    if table.n_lists() < 3 {
        let error = mse::Error::TooFewLists { method: "the latent-class model", n_lists: table.n_lists(), min: 3 };
        return LatentClassRun { outcome: Err(MethodFailure::Engine(error)), chains: None, warnings: Vec::new() };
    }
    let posterior = match run {
        Ok(posterior) => posterior,
        Err(error) => {
            return LatentClassRun { outcome: Err(MethodFailure::Engine(error)), chains: None, warnings: Vec::new() };
        }
    };
    let summary = posterior.summary();
    let warnings = warning::lcmcr_warnings(&summary, settings.classes, posterior.n_max);
    let chains = posterior.chains.iter().map(|chain| chain.n.iter().map(|n| *n as f64).collect()).collect();
    let estimate = MethodEstimate {
        estimate: summary.median,
        interval: Some(summary.interval),
        model: ModelChosen::LatentClasses { classes: settings.classes },
        diagnostics: Diagnostics::LatentClasses {
            r_hat: summary.r_hat,
            effective_size: summary.effective_size,
            draws: summary.n_draws,
            mean_occupied: summary.mean_occupied,
            max_occupied: summary.max_occupied,
            classes: settings.classes,
            share_near_cap: summary.share_near_cap,
            cap: posterior.n_max,
        },
    };
    LatentClassRun { outcome: Ok(estimate), chains: Some(chains), warnings }
}

fn log_linear(table: &CaptureTable) -> std::result::Result<MethodEstimate, MethodFailure> {
    let estimate = loglinear::estimate(table, Criterion::Bic).map_err(MethodFailure::Engine)?;
    let best = estimate.search.best();
    Ok(MethodEstimate {
        estimate: estimate.estimate,
        interval: Some(estimate.interval),
        model: ModelChosen::LogLinear { model: best.model.to_string() },
        diagnostics: Diagnostics::LogLinear {
            models: estimate.search.fits.len(),
            exhaustive: estimate.search.exhaustive,
        },
    })
}

fn graphical_models(table: &CaptureTable) -> mse::Result<(MethodEstimate, dga::DgaPosterior)> {
    if table.n_lists() < 3 {
        return Err(mse::Error::TooFewLists { method: "graphical model averaging", n_lists: table.n_lists(), min: 3 });
    }
    let posterior = dga::estimate(table, &DgaConfig::standard())?;
    let (low, high) = posterior.interval();
    let top = posterior.graphs.first();
    let estimate = MethodEstimate {
        estimate: posterior.median() as f64,
        interval: Some((low as f64, high as f64)),
        model: ModelChosen::Graph {
            name: top.map(|g| g.name.clone()).unwrap_or_default(),
            weight: top.map_or(0.0, |g| g.weight),
        },
        diagnostics: Diagnostics::GraphicalModels {
            graphs: posterior.graphs.len(),
            share_near_grid_edge: posterior.share_near_grid_edge(),
        },
    };
    Ok((estimate, posterior))
}

/// The exact graphical-model posterior as (N, probability).
fn exact_pmf(posterior: &dga::DgaPosterior) -> Vec<(u64, f64)> {
    posterior.probabilities.iter().enumerate().map(|(index, p)| (posterior.n_observed + index as u64, *p)).collect()
}

/// Shares of draws as (N, probability), increasing in N.
fn empirical_pmf(draws: &[f64]) -> Vec<(u64, f64)> {
    let mut counts = std::collections::BTreeMap::new();
    for draw in draws {
        *counts.entry(draw.round() as u64).or_insert(0u64) += 1;
    }
    let n = draws.len().max(1) as f64;
    counts.into_iter().map(|(value, count)| (value, count as f64 / n)).collect()
}

/// The total over strata: the Bayesian methods through their draws (draw i of every stratum
/// added up), the log-linear one as the sum of the strata's estimates.
fn total(
    strata: &[TableEstimate],
    lcmcr_draws: &[Option<Vec<Vec<f64>>>],
    dga_draws: &[Option<Vec<f64>>],
    settings: &EstimationSettings,
) -> (TableEstimate, Posteriors) {
    let n_observed = strata.iter().map(|s| s.n_observed).sum();
    let failed = |method: Method| -> Vec<String> {
        strata.iter().filter(|s| s.method(method).is_none()).map(|s| s.label.clone()).collect()
    };
    let no_total =
        |method: Method| MethodResult { method, outcome: Err(MethodFailure::NoTotal { strata: failed(method) }) };
    let from_draws = |method: Method, draws: Vec<f64>| {
        let (median, interval) = mse::diagnostics::median_and_interval(&draws);
        MethodResult {
            method,
            outcome: Ok(MethodEstimate {
                estimate: median,
                interval: Some(interval),
                model: ModelChosen::SumOfDraws,
                diagnostics: Diagnostics::Total { strata: strata.len(), draws: Some(draws.len()) },
            }),
        }
    };
    let mut posteriors = Posteriors::default();

    // Latent classes: chain c of the total is the sum of chain c of every stratum.
    let lcmcr = match lcmcr_draws.iter().cloned().collect::<Option<Vec<Vec<Vec<f64>>>>>() {
        Some(per_stratum) if !per_stratum.is_empty() => {
            let chains: Vec<Vec<f64>> = (0..settings.chains)
                .map(|c| {
                    let of_chain: Vec<Vec<f64>> = per_stratum.iter().map(|chains| chains[c].clone()).collect();
                    mse::strata::total(&of_chain).unwrap_or_default()
                })
                .collect();
            let pooled: Vec<f64> = chains.iter().flatten().copied().collect();
            posteriors.r_hat = mse::diagnostics::split_r_hat(&chains);
            posteriors.chains = chains;
            from_draws(Method::LatentClasses, pooled)
        }
        _ => no_total(Method::LatentClasses),
    };
    let log_linear = {
        let estimates: Option<Vec<f64>> =
            strata.iter().map(|s| s.method(Method::LogLinear).map(|e| e.estimate)).collect();
        match estimates {
            Some(estimates) => MethodResult {
                method: Method::LogLinear,
                outcome: Ok(MethodEstimate {
                    estimate: estimates.iter().sum(),
                    interval: None,
                    model: ModelChosen::SumOfEstimates,
                    diagnostics: Diagnostics::Total { strata: strata.len(), draws: None },
                }),
            },
            None => no_total(Method::LogLinear),
        }
    };
    let graphical =
        match dga_draws.iter().cloned().collect::<Option<Vec<Vec<f64>>>>().as_deref().and_then(mse::strata::total) {
            Some(draws) => {
                posteriors.graphical = empirical_pmf(&draws);
                from_draws(Method::GraphicalModels, draws)
            }
            None => no_total(Method::GraphicalModels),
        };
    let methods = vec![lcmcr, log_linear, graphical];
    let estimates: Vec<f64> = methods.iter().filter_map(|m| m.estimate().map(|e| e.estimate)).collect();
    let warnings = warning::agreement_warning(&estimates).into_iter().collect();
    (TableEstimate { label: String::new(), n_observed, methods, warnings }, posteriors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn histories(by: Option<Stratify>, strata: Vec<(&str, Vec<u64>)>) -> CaptureHistories {
        CaptureHistories {
            columns: vec!["official".into(), "ngo".into(), "media".into()],
            source_ids: Vec::new(),
            by,
            strata: strata.into_iter().map(|(label, counts)| (label.to_owned(), counts)).collect(),
        }
    }

    #[test]
    fn three_methods_side_by_side_on_one_table() {
        let table = histories(None, vec![("", vec![60, 50, 20, 40, 15, 12, 8])]);
        let result = estimate_histories(&table, EstimationSettings::quick(DEFAULT_SEED)).unwrap();
        assert_eq!(result.overall.n_observed, 205);
        for method in Method::ALL {
            let estimate = result.overall.method(method).unwrap_or_else(|| panic!("{method:?}"));
            assert!(estimate.estimate >= 205.0, "{method:?}: {estimate:?}");
        }
        assert_eq!(result.posteriors.chains.len(), 4);
        assert!(
            result.posteriors.chains.iter().all(|chain| chain.len() == EstimationSettings::quick(DEFAULT_SEED).draws)
        );
        assert!((result.posteriors.graphical.iter().map(|(_, p)| p).sum::<f64>() - 1.0).abs() < 1e-6);
        // The same seed, the same figures.
        let again = estimate_histories(&table, EstimationSettings::quick(DEFAULT_SEED)).unwrap();
        assert_eq!(result, again);
    }

    #[test]
    fn strata_add_up_through_their_draws_and_a_list_naming_nobody_is_left_out() {
        let table = histories(
            Some(Stratify::Place),
            vec![("a", vec![30, 25, 10, 20, 8, 6, 4]), ("b", vec![20, 15, 8, 10, 5, 3, 2])],
        );
        let result = estimate_histories(&table, EstimationSettings::quick(7)).unwrap();
        assert_eq!(result.strata.len(), 2);
        let total = result.overall.method(Method::LatentClasses).unwrap();
        let parts: f64 = result.strata.iter().map(|s| s.method(Method::LatentClasses).unwrap().estimate).sum();
        assert!((total.estimate - parts).abs() < 0.2 * parts, "{} vs {parts}", total.estimate);
        assert_eq!(result.overall.method(Method::LogLinear).unwrap().interval, None);

        let one_empty = histories(None, vec![("", vec![30, 25, 10, 0, 0, 0, 0])]);
        let result = estimate_histories(&one_empty, EstimationSettings::quick(7)).unwrap();
        assert_eq!(result.lists, ["official", "ngo"]);
        assert!(result.overall.warnings.contains(&Warning::EmptyListDropped { list: "media".into() }));
        assert!(result.overall.warnings.iter().any(|w| matches!(w, Warning::TooFewLists { n_lists: 2 })));
        assert!(result.overall.method(Method::LatentClasses).is_none(), "three lists at least");
        assert!(result.overall.method(Method::LogLinear).is_some());
    }
}
