//! The Bayesian latent-class model of Manrique-Vallier (2016), as R's LCMCR fits it: persons fall
//! into latent classes, and within a class the lists name them independently.
//!
//! Model: a truncated stick-breaking mixture of K classes (weights π, sticks Beta(1, α), α ~
//! Gamma(a, b) with b a rate); within class k, list j names a person with probability λ_jk ~
//! Beta(1, 1); the population size N = n + n0 has the improper prior p(N) ∝ 1/N, truncated at
//! n0 ≤ 20 n as LCMCR truncates it. The Gibbs sampler augments the data with each observed
//! pattern's class counts and with the n0 unobserved persons and their classes; one sweep draws,
//! in LCMCR's order, (1) the observed patterns' classes, (2) λ, (3) the sticks, (4-5) n0 from its
//! negative binomial, redrawn while above the cap, (6) the unobserved persons' classes, (7) α.
//! Steps 2 and 3 use n0 and its classes from the previous sweep. Before the burn-in, 500 warm-up
//! sweeps with α fixed at 0.3/K start from λ_jk = the share of records on list j, after which the
//! classes are relabelled by decreasing weight.
//!
//! Implemented from the paper and the algorithm description in `shared/research/mse.md`, not
//! from LCMCR's code. Matching LCMCR in distribution is the goal; the random streams differ.
//!
//! Optional extra moves, which leave the posterior unchanged: Metropolis moves on one class's
//! unobserved count with λ and π integrated out (`collapsed_move`, on by default), and
//! Hamiltonian Monte Carlo on the heaviest classes' sticks and list probabilities with every
//! person's class and the unobserved count integrated out (`marginal_move`, off in LCMCR's
//! settings, on in [`LcmcrConfig::fast`]): a sweep with it costs ten plain ones, but N's draws
//! decorrelate within about 10 sweeps instead of several hundred.
//!
//! Speed: the sweep works on probabilities rather than logarithms (one product per pattern and
//! class, no `exp`), draws each pattern's multinomial by conditional binomials in that pattern's
//! own order of class weight (kept from sweep to sweep, re-sorted every few sweeps), which stop
//! once nobody is left, and draws binomials by inversion (small means) or Hörmann's BTRD. About
//! half of a sweep is these multinomials, a fifth the beta draws of λ; much of the time goes to
//! branches that depend on the random draws and that no processor predicts, so the code avoids
//! data-dependent branches where a select does (see `random.rs`). Chains run in parallel, each
//! with its own stream, so results do not depend on the number of threads.

use rayon::prelude::*;

use crate::diagnostics;
use crate::error::{Error, Result};
use crate::marginal::{self, MIN_REST};
use crate::random::{Variates, ln_gamma, sort_by_weight};
use crate::table::CaptureTable;

/// The thinning of [`LcmcrConfig::fast`].
const FAST_THINNING: u64 = 10;

/// Warm-up sweeps with α fixed, before the burn-in (as LCMCR's initialisation).
pub const WARM_UP_SWEEPS: u64 = 500;

/// Settings of a run. Two presets: [`LcmcrConfig::documented`] (LCMCR's documented example) and
/// [`LcmcrConfig::production`] (HRDAG's production setting).
#[derive(Debug, Clone, PartialEq)]
pub struct LcmcrConfig {
    /// K, the number of latent classes (the truncation of the stick-breaking process).
    pub n_classes: usize,
    /// Shape a of the Gamma prior on the concentration α.
    pub alpha_shape: f64,
    /// Rate b of the Gamma prior on the concentration α.
    pub alpha_rate: f64,
    /// Sweeps discarded after the warm-up.
    pub burn_in: u64,
    /// Draws of N kept per chain.
    pub n_draws: usize,
    /// Sweeps per kept draw.
    pub thinning: u64,
    /// Independent chains (run in parallel, their draws pooled).
    pub n_chains: usize,
    /// The seed: the same seed and settings give the same draws.
    pub seed: u64,
    /// The cap on the unobserved count, as a multiple of n (LCMCR: 20).
    pub cap_factor: u64,
    /// Extra Metropolis moves per sweep on the unobserved count with λ and π integrated out
    /// (`Sampler::collapsed_move`): 0 gives LCMCR's sweep exactly. The default 3 leaves the
    /// posterior unchanged and costs about a tenth more per sweep; on Kosovo it raises N's
    /// effective size about 1.7 times in LCMCR's documented run (1,000 draws at thinning 100), but
    /// hardly in runs of millions of sweeps, whose mixing is limited by rare, long excursions of
    /// the class structure rather than by the tie between n0 and λ.
    pub collapsed_moves: usize,
    /// Hamiltonian Monte Carlo moves per sweep on the sticks and list probabilities of the
    /// heaviest classes, with every person's class and the unobserved count integrated out
    /// (`Sampler::marginal_move`). They leave the posterior unchanged. One move costs about nine
    /// plain sweeps, and with it N's draws are nearly independent about 10 sweeps apart on Kosovo
    /// (against several hundred for the plain sweep): worth it only with a short thinning, as in
    /// [`LcmcrConfig::fast`]; 0 in LCMCR's settings.
    pub marginal_moves: usize,
}

impl LcmcrConfig {
    /// LCMCR's documented example: K = 10, a = b = 0.25, burn-in 10,000, 1,000 draws at thinning
    /// 100; four chains.
    pub fn documented(seed: u64) -> LcmcrConfig {
        LcmcrConfig {
            n_classes: 10,
            alpha_shape: 0.25,
            alpha_rate: 0.25,
            burn_in: 10_000,
            n_draws: 1_000,
            thinning: 100,
            n_chains: 4,
            seed,
            cap_factor: 20,
            collapsed_moves: 3,
            marginal_moves: 0,
        }
    }

    /// As many effective draws of N as HRDAG's production setting gives (6,000-7,000 of its
    /// 10,000 on Kosovo in R) from 45 times fewer sweeps: K = min(2^J - 1, 15), burn-in 10,000
    /// (during which the Hamiltonian moves learn their metric and step), 10,000 draws at thinning
    /// 10, one Hamiltonian move per sweep; one chain. Not one of LCMCR's settings: the posterior
    /// is the same, the chain a different one.
    pub fn fast(n_lists: usize, seed: u64) -> LcmcrConfig {
        LcmcrConfig { thinning: FAST_THINNING, marginal_moves: 1, ..LcmcrConfig::production(n_lists, seed) }
    }

    /// HRDAG's production setting (`verdata::mse`): K = min(2^J - 1, 15), burn-in 10,000, 10,000
    /// draws at thinning 500 (5.01 million sweeps per chain); one chain, as HRDAG runs it.
    pub fn production(n_lists: usize, seed: u64) -> LcmcrConfig {
        LcmcrConfig {
            n_classes: ((1usize << n_lists.min(8)) - 1).min(15),
            burn_in: 10_000,
            n_draws: 10_000,
            thinning: 500,
            n_chains: 1,
            ..LcmcrConfig::documented(seed)
        }
    }

    /// Sweeps per chain after the warm-up: burn-in + draws × thinning.
    pub fn sweeps_per_chain(&self) -> u64 {
        self.burn_in + self.n_draws as u64 * self.thinning
    }

    fn check(&self) -> Result<()> {
        let bad = |setting, value: String, reason| Err(Error::BadSetting { setting, value, reason });
        if !(1..=200).contains(&self.n_classes) {
            return bad("classes", self.n_classes.to_string(), "must be between 1 and 200");
        }
        if !(self.alpha_shape > 0.0 && self.alpha_shape.is_finite()) {
            return bad("alpha shape", self.alpha_shape.to_string(), "must be positive");
        }
        if !(self.alpha_rate > 0.0 && self.alpha_rate.is_finite()) {
            return bad("alpha rate", self.alpha_rate.to_string(), "must be positive");
        }
        if self.n_draws < 2 {
            return bad("draws", self.n_draws.to_string(), "must be at least 2");
        }
        if self.thinning == 0 {
            return bad("thinning", self.thinning.to_string(), "must be at least 1");
        }
        if self.n_chains == 0 {
            return bad("chains", self.n_chains.to_string(), "must be at least 1");
        }
        if self.cap_factor == 0 {
            return bad("cap", self.cap_factor.to_string(), "must be at least 1");
        }
        Ok(())
    }
}

/// One chain's kept draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    /// N = n + n0 at each kept draw.
    pub n: Vec<u64>,
    /// Occupied classes (observed or unobserved persons in them) at each kept draw.
    pub occupied: Vec<u16>,
    /// The concentration α at each kept draw.
    pub alpha: Vec<f64>,
    /// The probability of being on no list, π0, at each kept draw.
    pub prob_zero: Vec<f64>,
    /// Sweeps after the warm-up whose draw of n0 exceeded the cap and was drawn again.
    pub cap_redraws: u64,
}

/// Draws of N from several chains, with what is needed to judge them.
#[derive(Debug, Clone, PartialEq)]
pub struct LcmcrPosterior {
    /// The settings of the run.
    pub config: LcmcrConfig,
    /// n, the persons observed.
    pub n_observed: u64,
    /// The largest N the cap allows: n + cap_factor · n.
    pub n_max: u64,
    /// The chains, in order of their stream.
    pub chains: Vec<Chain>,
}

/// What a run of the sampler concludes and how far to trust it.
#[derive(Debug, Clone, PartialEq)]
pub struct LcmcrSummary {
    /// Posterior median of N over all chains.
    pub median: f64,
    /// Central 95% interval of N.
    pub interval: (f64, f64),
    /// Split R-hat of N across chains (`None` with one chain too short to split).
    pub r_hat: Option<f64>,
    /// Effective sample size of N, summed over chains (`coda::effectiveSize`).
    pub effective_size: f64,
    /// Draws kept, over all chains.
    pub n_draws: usize,
    /// Mean number of occupied classes.
    pub mean_occupied: f64,
    /// Most classes occupied at any kept draw (equal to K means K may be too small).
    pub max_occupied: u16,
    /// Share of draws within 10% of the cap on N.
    pub share_near_cap: f64,
    /// Share of sweeps after the warm-up that drew n0 above the cap.
    pub share_cap_redraws: f64,
}

impl LcmcrPosterior {
    /// All chains' draws of N, chain after chain.
    pub fn pooled(&self) -> Vec<f64> {
        self.chains.iter().flat_map(|chain| chain.n.iter().map(|n| *n as f64)).collect()
    }

    /// Median, interval and diagnostics.
    pub fn summary(&self) -> LcmcrSummary {
        let pooled = self.pooled();
        let (median, interval) = diagnostics::median_and_interval(&pooled);
        let per_chain: Vec<Vec<f64>> =
            self.chains.iter().map(|chain| chain.n.iter().map(|n| *n as f64).collect()).collect();
        let occupied: Vec<u16> = self.chains.iter().flat_map(|chain| chain.occupied.iter().copied()).collect();
        let near = self.n_max as f64 - 0.1 * (self.n_max - self.n_observed) as f64;
        let sweeps = self.config.sweeps_per_chain() * self.chains.len() as u64;
        LcmcrSummary {
            median,
            interval,
            r_hat: diagnostics::split_r_hat(&per_chain),
            effective_size: diagnostics::effective_size_chains(&per_chain),
            n_draws: pooled.len(),
            mean_occupied: occupied.iter().map(|k| *k as f64).sum::<f64>() / occupied.len() as f64,
            max_occupied: occupied.iter().copied().max().unwrap_or(0),
            share_near_cap: pooled.iter().filter(|n| **n >= near).count() as f64 / pooled.len() as f64,
            share_cap_redraws: self.chains.iter().map(|chain| chain.cap_redraws).sum::<u64>() as f64
                / sweeps.max(1) as f64,
        }
    }
}

/// Runs the sampler on a table: `config.n_chains` chains in parallel, chain c on stream c of the
/// seed.
pub fn sample(table: &CaptureTable, config: &LcmcrConfig) -> Result<LcmcrPosterior> {
    sample_streams(table, config, 0)
}

/// As [`sample`], with chain c on stream `first_stream + c` (strata use distinct streams).
pub(crate) fn sample_streams(table: &CaptureTable, config: &LcmcrConfig, first_stream: u64) -> Result<LcmcrPosterior> {
    config.check()?;
    table.check_estimable()?;
    if table.n_lists() < 2 {
        return Err(Error::TooFewLists { method: "the latent-class model", n_lists: table.n_lists(), min: 2 });
    }
    let n_observed = table.n_observed();
    let chains: Vec<Chain> = (0..config.n_chains as u64)
        .into_par_iter()
        .map(|chain| {
            let rng = Variates::stream(config.seed, first_stream + chain);
            Sampler::new(table, config, rng).run()
        })
        .collect();
    Ok(LcmcrPosterior {
        config: config.clone(),
        n_observed,
        n_max: n_observed + config.cap_factor * n_observed,
        chains,
    })
}

/// The state of one chain.
struct Sampler {
    rng: Variates,
    n_lists: usize,
    n_classes: usize,
    /// Observed patterns with their counts (patterns nobody has are skipped).
    patterns: Vec<(u32, u64)>,
    n_observed: u64,
    alpha_shape: f64,
    alpha_rate: f64,
    burn_in: u64,
    n_draws: usize,
    thinning: u64,
    /// The most n0 may be.
    cap: u64,
    // λ_jk at `lambda[j * K + k]`, and 1 - λ_jk beside it in `mu`.
    lambda: Vec<f64>,
    mu: Vec<f64>,
    /// Class weights π_k.
    pi: Vec<f64>,
    /// ln π_K, kept as a logarithm because α's update needs it and π_K can underflow.
    ln_pi_last: f64,
    alpha: f64,
    /// Unobserved persons and their classes.
    n0: u64,
    c0: Vec<u64>,
    /// Observed persons per class, and per list and class those the list names.
    n_class: Vec<u64>,
    on_list: Vec<u64>,
    /// π0 of the latest sweep.
    prob_zero: f64,
    cap_redraws: u64,
    /// Collapsed moves per sweep, and each class's step size (adapted until the burn-in ends).
    collapsed_moves: usize,
    steps: Vec<f64>,
    tried: Vec<u64>,
    adapting: bool,
    /// Marginal moves per sweep; the classes they move (the first `block` labels) and their
    /// dynamics (metric and step, adapted until the burn-in ends).
    marginal_moves: usize,
    block: usize,
    dynamics: marginal::Block,
    /// Per pattern, the weight of the classes after the block (scratch of the marginal moves).
    after: Vec<f64>,
    /// Class weights of every pattern, `table[pattern * K + k]`, when J is small enough for the
    /// whole table to be cheaper than one product per observed pattern.
    table: Option<Vec<f64>>,
    // Scratch.
    weights: Vec<f64>,
    /// Per observed pattern (and last, for the unobserved), the classes by decreasing weight as
    /// of the latest sweep: the order its multinomial visits them in, so that the classes holding
    /// most of the pattern come first and the draws stop early.
    orders: Vec<u8>,
    /// Sweeps since the orders were last sorted: any order gives the same distribution, and the
    /// weights move slowly, so sorting every [`SORT_EVERY`] sweeps is enough for speed.
    since_sort: u32,
    suffix: Vec<f64>,
    counts: Vec<u64>,
}

/// The multinomials' orders are sorted once in this many sweeps.
const SORT_EVERY: u32 = 8;

/// Below this total a pattern's class weights are recomputed in logarithms (the products
/// underflowed or nearly so).
const MIN_TOTAL_WEIGHT: f64 = 1e-280;

impl Sampler {
    fn new(table: &CaptureTable, config: &LcmcrConfig, mut rng: Variates) -> Sampler {
        let n_lists = table.n_lists();
        let n_classes = config.n_classes;
        let n_observed = table.n_observed();
        let patterns: Vec<(u32, u64)> = table.patterns().map(|(pattern, count)| (pattern as u32, count)).collect();
        // The doubling fills 2^J patterns with about 2^(J+1) K products; one product per observed
        // pattern costs M J K.
        let use_table = (2usize << n_lists) < patterns.len() * n_lists;
        // The marginal moves' block: the heaviest classes, but never the last (it has no stick).
        let block = if n_lists <= marginal::MAX_LISTS { (n_classes - 1).min(MOVE_CLASSES) } else { 0 };
        if config.collapsed_moves > 0 {
            // The moves' ratios take ln x! of N and of class sizes, up to n + cap + 1.
            rng.extend_ln_factorial(n_observed + config.cap_factor * n_observed + 1);
        }
        Sampler {
            rng,
            n_lists,
            n_classes,
            n_observed,
            alpha_shape: config.alpha_shape,
            alpha_rate: config.alpha_rate,
            burn_in: config.burn_in,
            n_draws: config.n_draws,
            thinning: config.thinning,
            cap: config.cap_factor * n_observed,
            lambda: vec![0.0; n_lists * n_classes],
            mu: vec![0.0; n_lists * n_classes],
            pi: vec![0.0; n_classes],
            ln_pi_last: 0.0,
            alpha: 1.0,
            n0: 0,
            c0: vec![0; n_classes],
            n_class: vec![0; n_classes],
            on_list: vec![0; n_lists * n_classes],
            prob_zero: 0.0,
            cap_redraws: 0,
            collapsed_moves: config.collapsed_moves,
            steps: vec![INITIAL_STEP; n_classes],
            tried: vec![0; n_classes],
            adapting: true,
            marginal_moves: if block > 0 { config.marginal_moves } else { 0 },
            block,
            // Without a block (K = 1 or more lists than the move handles) its tables stay empty.
            dynamics: if block > 0 {
                marginal::Block::new(block, n_lists, &patterns)
            } else {
                marginal::Block::new(0, 0, &[])
            },
            after: vec![0.0; if block > 0 { 1 << n_lists } else { 0 }],
            table: use_table.then(|| vec![0.0; (1 << n_lists) * n_classes]),
            weights: vec![0.0; n_classes],
            orders: (0..=patterns.len()).flat_map(|_| 0..n_classes as u8).collect(),
            since_sort: 0,
            suffix: vec![0.0; n_classes + 1],
            counts: vec![0; n_classes],
            patterns,
        }
    }

    fn run(mut self) -> Chain {
        self.initialise(table_list_shares(&self.patterns, self.n_lists, self.n_observed));
        for _ in 0..WARM_UP_SWEEPS {
            self.sweep(false);
        }
        self.relabel_by_weight();
        self.cap_redraws = 0;
        for _ in 0..self.burn_in {
            self.sweep(true);
        }
        // From here on the chain is a fixed Markov chain: no more adaptation.
        self.adapting = false;
        let mut chain = Chain {
            n: Vec::with_capacity(self.n_draws),
            occupied: Vec::with_capacity(self.n_draws),
            alpha: Vec::with_capacity(self.n_draws),
            prob_zero: Vec::with_capacity(self.n_draws),
            cap_redraws: 0,
        };
        for _ in 0..self.n_draws {
            for _ in 0..self.thinning {
                self.sweep(true);
            }
            chain.n.push(self.n_observed + self.n0);
            let occupied = (0..self.n_classes).filter(|k| self.n_class[*k] + self.c0[*k] > 0).count();
            chain.occupied.push(occupied as u16);
            chain.alpha.push(self.alpha);
            chain.prob_zero.push(self.prob_zero);
        }
        chain.cap_redraws = self.cap_redraws;
        chain
    }

    /// LCMCR's starting point: sticks from Beta(1, 1) under α = 1, every class's λ_j the share of
    /// records on list j, then α = 0.3 / K and nobody unobserved.
    fn initialise(&mut self, shares: Vec<f64>) {
        let k_last = self.n_classes - 1;
        let mut rest = 1.0;
        for k in 0..k_last {
            let v = self.rng.uniform_positive();
            self.pi[k] = rest * v;
            rest *= 1.0 - v;
        }
        self.pi[k_last] = rest;
        self.ln_pi_last = rest.ln();
        for (j, share) in shares.iter().enumerate() {
            let share = share.clamp(1e-9, 1.0 - 1e-9);
            self.lambda[j * self.n_classes..(j + 1) * self.n_classes].fill(share);
            self.mu[j * self.n_classes..(j + 1) * self.n_classes].fill(1.0 - share);
        }
        self.alpha = 0.3 / self.n_classes as f64;
        self.n0 = 0;
        self.c0.fill(0);
    }

    /// Sets the parameters directly (for measuring the phases from a fixed state).
    #[cfg(test)]
    fn set_state(&mut self, lambda: &[f64], pi: &[f64], alpha: f64, n0: u64, c0: &[u64]) {
        self.lambda.copy_from_slice(lambda);
        for (mu, lambda) in self.mu.iter_mut().zip(lambda) {
            *mu = 1.0 - lambda;
        }
        self.pi.copy_from_slice(pi);
        self.ln_pi_last = pi[pi.len() - 1].ln();
        self.alpha = alpha;
        self.n0 = n0;
        self.c0.copy_from_slice(c0);
    }

    /// Puts the classes in decreasing order of weight (LCMCR does this once, after the warm-up).
    fn relabel_by_weight(&mut self) {
        let k_n = self.n_classes;
        let mut order: Vec<usize> = (0..k_n).collect();
        order.sort_by(|a, b| self.pi[*b].total_cmp(&self.pi[*a]));
        let permute_f = |values: &[f64]| order.iter().map(|k| values[*k]).collect::<Vec<f64>>();
        self.pi = permute_f(&self.pi);
        self.c0 = order.iter().map(|k| self.c0[*k]).collect();
        self.steps = permute_f(&self.steps);
        self.tried = order.iter().map(|k| self.tried[*k]).collect();
        // The proposal learnt so far was for other labels: start its adaptation again.
        self.dynamics.restart();
        for j in 0..self.n_lists {
            let row = j * k_n..(j + 1) * k_n;
            let lambda = permute_f(&self.lambda[row.clone()]);
            let mu = permute_f(&self.mu[row.clone()]);
            self.lambda[row.clone()].copy_from_slice(&lambda);
            self.mu[row].copy_from_slice(&mu);
        }
    }

    /// One Gibbs sweep; `update_alpha` is false during the warm-up.
    fn sweep(&mut self, update_alpha: bool) {
        for _ in 0..self.marginal_moves {
            self.marginal_move();
        }
        self.allocate_observed();
        for _ in 0..self.collapsed_moves {
            self.collapsed_move();
        }
        self.draw_lambda();
        self.draw_sticks();
        self.draw_unobserved();
        if update_alpha {
            // Σ_{k<K} ln(1 - V_k) = ln π_K, so the conditional of α is Gamma(a + K - 1, b - ln π_K).
            let rate = self.alpha_rate - self.ln_pi_last;
            let shape = self.alpha_shape + self.n_classes as f64 - 1.0;
            self.alpha = self.rng.gamma(shape) / rate;
        }
    }

    /// Fills the table of class weights of every pattern by doubling: start from π, and for each
    /// list j split every pattern so far into "not on j" (times 1 - λ_j) and "on j" (times λ_j).
    fn fill_table(&mut self) {
        let Some(table) = self.table.as_mut() else { return };
        let k_n = self.n_classes;
        table[..k_n].copy_from_slice(&self.pi);
        for j in 0..self.n_lists {
            let lambda = &self.lambda[j * k_n..(j + 1) * k_n];
            let mu = &self.mu[j * k_n..(j + 1) * k_n];
            let half = (1 << j) * k_n;
            let (low, high) = table[..2 * half].split_at_mut(half);
            for (lows, highs) in low.chunks_exact_mut(k_n).zip(high.chunks_exact_mut(k_n)) {
                for k in 0..k_n {
                    highs[k] = lows[k] * lambda[k];
                    lows[k] *= mu[k];
                }
            }
        }
    }

    /// Class weights of persons with `pattern` into `self.weights`:
    /// π_k ∏_j λ_jk^x_j (1-λ_jk)^(1-x_j).
    fn pattern_weights(&mut self, pattern: u32) {
        let k_n = self.n_classes;
        self.weights.copy_from_slice(&self.pi);
        for j in 0..self.n_lists {
            let row = if pattern >> j & 1 == 1 {
                &self.lambda[j * k_n..(j + 1) * k_n]
            } else {
                &self.mu[j * k_n..(j + 1) * k_n]
            };
            for (w, r) in self.weights.iter_mut().zip(row) {
                *w *= r;
            }
        }
    }

    /// The same weights computed in logarithms and scaled by the largest, for patterns whose
    /// products underflow.
    #[cold]
    fn pattern_weights_logged(&mut self, pattern: u32) {
        let k_n = self.n_classes;
        for k in 0..k_n {
            let mut ln_w = self.pi[k].ln();
            for j in 0..self.n_lists {
                ln_w += if pattern >> j & 1 == 1 { self.lambda[j * k_n + k].ln() } else { self.mu[j * k_n + k].ln() };
            }
            self.weights[k] = ln_w;
        }
        let max = self.weights.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        for w in &mut self.weights {
            *w = (*w - max).exp();
        }
    }

    /// Step 1: each observed pattern's persons shared among the classes. Only the classes a
    /// multinomial reached are added up (the rest hold nobody of the pattern).
    ///
    /// The phases of a sweep are kept out of line (one call each per sweep, so it costs nothing)
    /// so that profiles show each phase's cost (see the `bench` module's `phases`).
    #[inline(never)]
    fn allocate_observed(&mut self) {
        let k_n = self.n_classes;
        self.since_sort = if self.since_sort + 1 >= SORT_EVERY { 0 } else { self.since_sort + 1 };
        self.n_class.fill(0);
        self.on_list.fill(0);
        self.fill_table();
        for index in 0..self.patterns.len() {
            let (pattern, count) = self.patterns[index];
            if self.table.is_none() {
                self.pattern_weights(pattern);
            }
            let weights = match &self.table {
                Some(table) => &table[pattern as usize * k_n..(pattern as usize + 1) * k_n],
                None => &self.weights[..],
            };
            let order = &mut self.orders[index * k_n..(index + 1) * k_n];
            if self.since_sort == 0 {
                sort_by_weight(order, weights);
            }
            let mut used =
                self.rng.multinomial(count, weights, MIN_TOTAL_WEIGHT, order, &mut self.suffix, &mut self.counts);
            if used.is_none() {
                self.pattern_weights_logged(pattern);
                let order = &mut self.orders[index * k_n..(index + 1) * k_n];
                sort_by_weight(order, &self.weights);
                used = self.rng.multinomial(count, &self.weights, 0.0, order, &mut self.suffix, &mut self.counts);
            }
            let used = used.unwrap_or(0);
            for k in &self.orders[index * k_n..index * k_n + used] {
                let k = *k as usize;
                let c = self.counts[k];
                self.n_class[k] += c;
                let mut lists = pattern;
                while lists != 0 {
                    let j = lists.trailing_zeros() as usize;
                    self.on_list[j * k_n + k] += c;
                    lists &= lists - 1;
                }
            }
        }
    }

    /// A Metropolis move on the unobserved count of one class with λ and π integrated out
    /// (partially collapsed Gibbs). Given the observed persons' classes, the unobserved count of
    /// the class that holds them can move by hundreds where the plain sweep moves it by tens,
    /// because the sweep's n0 is tied to λ and λ to n0; λ and π are then drawn afresh given the
    /// new counts. Not part of LCMCR: it leaves the posterior unchanged and makes N mix faster at
    /// short lags.
    ///
    /// The target, up to a constant, is (N - 1)! / ∏_k c0_k! times the stick-breaking marginal
    /// ∏_{k<K} B(1 + T_k, α + T_{>k}) times ∏_{j,k} B(1 + on_jk, 1 + T_k - on_jk), where T_k
    /// counts class k's observed and unobserved persons. The class is chosen with probability
    /// proportional to its observed persons plus one, which the move does not change.
    #[inline(never)]
    fn collapsed_move(&mut self) {
        let total: u64 = self.n_class.iter().map(|c| c + 1).sum();
        let mut pick = ((self.rng.bits() >> 32) * total) >> 32;
        let mut h = 0;
        while pick > self.n_class[h] {
            pick -= self.n_class[h] + 1;
            h += 1;
        }
        let step = (self.rng.normal() * self.steps[h]).round() as i64;
        if step == 0 {
            return;
        }
        let c_new = self.c0[h] as i64 + step;
        let accept = c_new >= 0
            && self.n0 as i64 + step <= self.cap as i64
            && self.rng.uniform_positive().ln() < self.collapsed_log_ratio(h, step);
        if accept {
            self.c0[h] = c_new as u64;
            self.n0 = (self.n0 as i64 + step) as u64;
        }
        if self.adapting {
            // Robbins-Monro towards 40% acceptance, with a decreasing gain.
            self.tried[h] += 1;
            let gain = 1.0 / (self.tried[h] as f64).sqrt().max(10.0);
            let target = if accept { 0.6 } else { -0.4 };
            self.steps[h] = (self.steps[h] * (target * gain).exp()).max(1.0);
        }
    }

    /// ln of the collapsed target's ratio when class h's unobserved count changes by `step`.
    /// Gamma functions of whole numbers are factorials, looked up or from Stirling's series; only
    /// the stick terms with α need ln Γ of a real number.
    fn collapsed_log_ratio(&self, h: usize, step: i64) -> f64 {
        let k_n = self.n_classes;
        // ln (x + step)! - ln x! for a whole x.
        let factorials = |x: u64| self.rng.ln_factorial((x as i64 + step) as u64) - self.rng.ln_factorial(x);
        let gammas = |x: f64| ln_gamma(x + step as f64) - ln_gamma(x);
        let n = self.n_observed + self.n0;
        // ln Γ(N) = ln (N - 1)!, and -ln c0_h!.
        let mut delta = factorials(n - 1) - factorials(self.c0[h]);
        // Sticks before h see T_{>k} and T_{>=k} change; h's own stick sees T_h and T_{>=h}.
        let alpha = self.alpha;
        let mut from = n;
        for k in 0..h.min(k_n - 1) {
            let later = from - (self.n_class[k] + self.c0[k]);
            delta += gammas(alpha + later as f64) - gammas(1.0 + alpha + from as f64);
            from = later;
        }
        let t_h = self.n_class[h] + self.c0[h];
        if h < k_n - 1 {
            delta += factorials(t_h) - gammas(1.0 + alpha + from as f64);
        }
        for j in 0..self.n_lists {
            delta += factorials(t_h - self.on_list[j * k_n + h]);
        }
        delta - self.n_lists as f64 * factorials(t_h + 1)
    }

    /// A Hamiltonian Monte Carlo move on the sticks V_b and list probabilities λ_jb of the first
    /// B classes together, with every observed person's class, the unobserved count and the
    /// unobserved persons' classes integrated out. The plain sweep moves λ and π only through the
    /// persons' classes, which pin them (data augmentation), so N drifts for hundreds of sweeps;
    /// without the classes the target is the likelihood of the observed table itself, along whose
    /// ridges (how the observed persons split between a rarely seen class and the others) the
    /// Hamiltonian dynamics travel in one move.
    ///
    /// The target of (V, λ), up to a constant, is the prior times ∏_m p_m^f_m (1 - p0)^-n, where
    /// p_m = Σ_k π_k ∏_j λ_jk^x_mj (1 - λ_jk)^(1 - x_mj) and p0 the same for nobody's pattern:
    /// summing the unobserved count out of (N - 1)! / n0! p0^n0 gives (n - 1)! (1 - p0)^-n, less
    /// the mass beyond the cap. The move is Metropolis-Hastings on (V, λ, n0, the unobserved
    /// persons' classes) jointly: (V, λ) proposed by the dynamics, then n0' ~
    /// NegativeBinomial(n, 1 - p0') without the cap and the classes from their conditional. The
    /// ratio is then the uncapped likelihood's, a proposal beyond the cap is refused, and the cap
    /// holds exactly. The observed persons' classes are drawn afresh by the sweep's first step,
    /// which always follows (the move's ratio does not depend on them).
    ///
    /// Classes after the block keep their sticks, so their weights scale with ∏_b (1 - V_b). The
    /// block is the first B labels, the heaviest classes after the warm-up's relabelling; which
    /// classes it holds does not depend on the state, so the move is reversible whatever they are.
    /// The dynamics (`marginal.rs`) learn their metric and step during the warm-up and burn-in and
    /// are fixed afterwards.
    #[inline(never)]
    fn marginal_move(&mut self) {
        let k_n = self.n_classes;
        let n_lists = self.n_lists;
        let block = self.block;
        // The current point from the weights: V_b = π_b / R_b, R_b = 1 - Σ_{l<b} π_l.
        let mut rest = 1.0;
        for b in 0..block {
            let v = self.pi[b] / rest;
            let next = rest - self.pi[b];
            self.dynamics.point[b * (n_lists + 1)] = (v / (next / rest)).ln();
            rest = next;
            for j in 0..n_lists {
                self.dynamics.point[b * (n_lists + 1) + 1 + j] = (self.lambda[j * k_n + b] / self.mu[j * k_n + b]).ln();
            }
        }
        if !(rest > MIN_REST && self.dynamics.point.iter().all(|y| y.is_finite())) {
            return;
        }
        // Each pattern's weight in the classes after the block (nobody's pattern and the
        // observed ones).
        if self.table.is_some() {
            self.fill_table();
        }
        for index in 0..=self.patterns.len() {
            let pattern = self.patterns.get(index).map_or(0, |(pattern, _)| *pattern) as usize;
            self.after[pattern] = match &self.table {
                Some(table) => table[pattern * k_n + block..(pattern + 1) * k_n].iter().sum(),
                None => {
                    self.pattern_weights(pattern as u32);
                    self.weights[block..].iter().sum()
                }
            };
        }
        let frame = marginal::Frame { after: &self.after, n_observed: self.n_observed, alpha: self.alpha, rest };
        let proposal = self.dynamics.propose(&frame, &mut self.rng);
        let mut accepted = false;
        let mut chance = 0.0;
        if let Some((current, proposed, kinetic_change)) = proposal {
            let ln_ratio = proposed.ln_target - current.ln_target - kinetic_change;
            chance = ln_ratio.exp().min(1.0);
            let seen = 1.0 - proposed.prob_zero;
            if self.rng.uniform_positive().ln() < ln_ratio {
                let n0 = self.rng.negative_binomial(self.n_observed, proposed.prob_zero, seen);
                if n0 <= self.cap {
                    accepted = true;
                    self.accept_marginal(proposed.rest / rest, n0, proposed.prob_zero);
                }
            }
        }
        if self.adapting {
            self.dynamics.adapt(chance, accepted);
        }
    }

    /// Puts the accepted marginal move into the state: the block's weights and λ, the later
    /// classes' weights scaled by `shrink`, n0 and the unobserved persons' classes drawn afresh.
    fn accept_marginal(&mut self, shrink: f64, n0: u64, prob_zero: f64) {
        let k_n = self.n_classes;
        let n_lists = self.n_lists;
        let (v, lambda, mu) = self.dynamics.proposed_parameters();
        let mut rest = 1.0;
        for b in 0..self.block {
            self.pi[b] = rest * v[b];
            rest *= 1.0 - v[b];
            for j in 0..n_lists {
                self.lambda[j * k_n + b] = lambda[b * n_lists + j];
                self.mu[j * k_n + b] = mu[b * n_lists + j];
            }
        }
        for pi in &mut self.pi[self.block..] {
            *pi *= shrink;
        }
        self.ln_pi_last += shrink.ln();
        self.n0 = n0;
        self.prob_zero = prob_zero;
        self.pattern_weights(0);
        self.allocate_unobserved(true);
    }

    /// Step 2: λ_jk ~ Beta(1 + persons of class k on list j, 1 + persons of class k not on it),
    /// the unobserved counted among those not on any list.
    #[inline(never)]
    fn draw_lambda(&mut self) {
        let k_n = self.n_classes;
        for k in 0..k_n {
            let total = self.n_class[k] + self.c0[k];
            // One branch per class rather than per list and class: empty classes (about half of
            // them under LCMCR's prior) draw from Beta(1, 1), uniforms.
            if total == 0 {
                for j in 0..self.n_lists {
                    let u = self.rng.uniform_positive();
                    self.lambda[j * k_n + k] = u;
                    self.mu[j * k_n + k] = 1.0 - u;
                }
                continue;
            }
            for j in 0..self.n_lists {
                let on = self.on_list[j * k_n + k];
                let (lambda, mu) = self.rng.beta_at_least_one(1.0 + on as f64, 1.0 + (total - on) as f64);
                self.lambda[j * k_n + k] = lambda;
                self.mu[j * k_n + k] = mu;
            }
        }
    }

    /// Step 3: V_k ~ Beta(1 + n_k, α + persons in later classes), π_k = V_k ∏_{l<k} (1 - V_l).
    /// While later classes hold persons both shapes are at least 1 and the draw stays in
    /// probabilities; from the last occupied class on the mass left is tracked as a logarithm,
    /// since under a small α it can underflow (and ln π_K is what α's update needs).
    #[inline(never)]
    fn draw_sticks(&mut self) {
        let k_last = self.n_classes - 1;
        let mut later = self.n_observed + self.n0;
        let mut rest = 1.0f64;
        let mut ln_rest: Option<f64> = None;
        for k in 0..k_last {
            let n_k = self.n_class[k] + self.c0[k];
            later -= n_k;
            if later > 0 {
                let (v, one_minus_v) = self.rng.beta_at_least_one(1.0 + n_k as f64, self.alpha + later as f64);
                self.pi[k] = rest * v;
                rest *= one_minus_v;
                continue;
            }
            let ln_before = *ln_rest.get_or_insert_with(|| rest.ln());
            let (v, ln_1mv) = if n_k == 0 {
                // Beta(1, α): 1 - V = U^(1/α) exactly.
                let ln_1mv = self.rng.uniform_positive().ln() / self.alpha;
                (-ln_1mv.exp_m1(), ln_1mv)
            } else {
                // Beta(1 + n_k, α) with α possibly below 1: the second gamma in logarithms.
                let x = self.rng.gamma_at_least_one(1.0 + n_k as f64);
                let ln_y = self.rng.ln_gamma_draw(self.alpha);
                let sum = x + ln_y.exp();
                (x / sum, ln_y - sum.ln())
            };
            self.pi[k] = rest * v;
            let ln_after = ln_before + ln_1mv;
            ln_rest = Some(ln_after);
            rest = ln_after.exp();
        }
        self.pi[k_last] = rest;
        self.ln_pi_last = ln_rest.unwrap_or_else(|| rest.ln());
    }

    /// Steps 4 to 6: π0, then n0 ~ NegativeBinomial(n, 1 - π0) below the cap, then the
    /// unobserved persons' classes.
    #[inline(never)]
    fn draw_unobserved(&mut self) {
        self.pattern_weights(0);
        let prob_zero = self.weights.iter().sum::<f64>().min(1.0);
        self.prob_zero = prob_zero;
        // 1 - π0 by subtraction: π0 is far from 1 except on tables the cap already governs.
        let seen = (1.0 - prob_zero).max(f64::MIN_POSITIVE);
        self.n0 = self.truncated_negative_binomial(prob_zero, seen);
        self.allocate_unobserved(self.since_sort == 0);
    }

    /// Step 6: the n0 unobserved persons' classes, with the class weights of nobody's pattern in
    /// `self.weights`; `sort` re-sorts the multinomial's order.
    fn allocate_unobserved(&mut self, sort: bool) {
        if self.n0 == 0 {
            self.c0.fill(0);
            return;
        }
        let k_n = self.n_classes;
        let order = &mut self.orders[self.patterns.len() * k_n..];
        if sort {
            sort_by_weight(order, &self.weights);
        }
        self.c0.fill(0);
        let drawn =
            self.rng.multinomial(self.n0, &self.weights, MIN_TOTAL_WEIGHT, order, &mut self.suffix, &mut self.c0);
        if drawn.is_none() {
            self.pattern_weights_logged(0);
            let order = &mut self.orders[self.patterns.len() * k_n..];
            sort_by_weight(order, &self.weights);
            self.rng.multinomial(self.n0, &self.weights, 0.0, order, &mut self.suffix, &mut self.c0);
        }
    }

    /// n0 ~ NegativeBinomial(n, 1 - π0) given n0 ≤ cap: redrawn while above the cap, as LCMCR
    /// does; after 50 redraws (the posterior presses hard on the cap) drawn exactly by inversion
    /// downwards from the cap instead, which ends where LCMCR's loop might take very long.
    fn truncated_negative_binomial(&mut self, prob_zero: f64, seen: f64) -> u64 {
        for attempt in 0..50 {
            let n0 = self.rng.negative_binomial(self.n_observed, prob_zero, seen);
            if n0 <= self.cap {
                return n0;
            }
            if attempt == 0 {
                self.cap_redraws += 1;
            }
        }
        // p(n0) ∝ C(n + n0 - 1, n0) π0^n0 on 0..=cap; the ratio p(n0 - 1) / p(n0) is
        // n0 / ((n + n0 - 1) π0). Walk down from the cap until the terms are negligible.
        let mut weights = Vec::new();
        let mut w = 1.0f64;
        let mut total = 0.0;
        let mut n0 = self.cap;
        loop {
            weights.push(w);
            total += w;
            if n0 == 0 || w < total * 1e-17 {
                break;
            }
            w *= n0 as f64 / ((self.n_observed + n0 - 1) as f64 * prob_zero);
            n0 -= 1;
        }
        let mut u = self.rng.uniform() * total;
        for (step, w) in weights.iter().enumerate() {
            if u < *w {
                return self.cap - step as u64;
            }
            u -= w;
        }
        self.cap - (weights.len() as u64 - 1)
    }
}

/// Classes in the marginal moves' block.
const MOVE_CLASSES: usize = 4;

/// The collapsed moves' starting step size, in persons.
const INITIAL_STEP: f64 = 10.0;

/// The share of observed persons on each list, LCMCR's starting λ.
fn table_list_shares(patterns: &[(u32, u64)], n_lists: usize, n_observed: u64) -> Vec<f64> {
    (0..n_lists)
        .map(|j| {
            patterns.iter().filter(|(pattern, _)| pattern >> j & 1 == 1).map(|(_, count)| *count).sum::<u64>() as f64
                / n_observed as f64
        })
        .collect()
}

#[cfg(test)]
mod bench {
    //! Instructions per phase of a sweep from one fixed state (K = 15 on Kosovo, 8 classes
    //! occupied), the same whatever the chain's trajectory: run under callgrind with
    //! `cargo test --release -p mse --lib phases -- --ignored` and read each phase's inclusive
    //! count over its 20,000 calls (2,000 for the Hamiltonian move).
    use super::*;

    const LAMBDA: [f64; 60] = [
        0.5670302560755376,
        0.11847037033918215,
        0.15633139353586736,
        0.5442349931591607,
        0.336308272332889,
        0.012244462264075296,
        0.21553395314367943,
        0.5079799516126973,
        0.5192615809501903,
        0.27018290392041633,
        0.12324355870802772,
        0.5778286290118206,
        0.3984120164365781,
        0.3077621782286837,
        0.7256971303016946,
        0.18275343224633087,
        0.10232363962002,
        0.025089036771614618,
        0.8512221027633229,
        0.16437906242296088,
        0.9064103719878256,
        0.8418258495050601,
        0.9652963429073212,
        0.8997370089035245,
        0.5722999400724161,
        0.4017081489988842,
        0.8284003940878324,
        0.5687643060386073,
        0.9666525914999518,
        0.4492840162453158,
        0.2838548028861519,
        0.11019167541474717,
        0.22885602933457289,
        0.7988595107839573,
        0.36713933456374775,
        0.7705536452754075,
        0.5850350610817172,
        0.7713815084966055,
        0.7490568247892913,
        0.8755243890661958,
        0.6999706769964001,
        0.40670304151189385,
        0.5090390712579204,
        0.3581528163129035,
        0.8375264204558023,
        0.09056015291036625,
        0.0063022307253877705,
        0.8290281221389583,
        0.09460412001730366,
        0.7356147078340994,
        0.07674352198012824,
        0.5740447510231038,
        0.19509310556803539,
        0.4695215113786552,
        0.6652131991861845,
        0.6063371189129257,
        0.8575370239740903,
        0.1674820095680356,
        0.7003675117140639,
        0.9775528511848468,
    ];
    const PI: [f64; 15] = [
        0.06459934059081247,
        0.8415402443448415,
        0.023248958165276765,
        0.033304121578864754,
        0.033942029349426577,
        0.0012431205760769118,
        0.0016989201334054833,
        1.7422745691121244e-5,
        0.0003758773006806278,
        5.898722446962112e-7,
        1.1528220649574274e-5,
        1.0753015180613641e-5,
        3.771863916129461e-6,
        3.28586573536277e-6,
        3.637719735757152e-8,
    ];
    const C0: [u64; 15] = [180, 6687, 31, 5, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    fn fixed_state() -> Sampler {
        let text = include_str!("../tests/data/kosovo_1999_4lists.csv");
        let table = crate::table::parse_csv(text).unwrap().table.total();
        let config = LcmcrConfig { n_classes: 15, ..LcmcrConfig::documented(1) };
        let mut s = Sampler::new(&table, &config, Variates::stream(1, 0));
        s.initialise(table_list_shares(&s.patterns, s.n_lists, s.n_observed));
        s.set_state(&LAMBDA, &PI, 0.6442750298419937, 6935, &C0);
        s
    }

    #[test]
    #[ignore]
    fn phases() {
        let mut s = fixed_state();
        for _ in 0..20_000 {
            s.allocate_observed();
        }
        for _ in 0..20_000 {
            s.draw_lambda();
        }
        for _ in 0..20_000 {
            s.draw_sticks();
        }
        let mut s = fixed_state();
        s.allocate_observed();
        for _ in 0..20_000 {
            s.draw_unobserved();
        }
        let mut s = fixed_state();
        s.allocate_observed();
        s.adapting = false;
        for _ in 0..20_000 {
            s.collapsed_move();
        }
        // The Hamiltonian move with its starting metric (its cost does not depend on the metric).
        let mut s = fixed_state();
        s.marginal_moves = 1;
        s.adapting = false;
        for _ in 0..2_000 {
            s.marginal_move();
        }
    }
}
