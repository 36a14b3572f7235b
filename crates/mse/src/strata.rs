//! Estimates per stratum (a place, a period) and of their total.
//!
//! Strata are estimated independently, so a posterior draw of the total is the sum of one draw
//! from each stratum: draw i of every stratum added up. The latent-class sampler runs every chain
//! of every stratum in parallel, chain c of stratum s on stream s · chains + c of the seed, so the
//! draws do not depend on the number of threads. The graphical-model posterior is exact on a
//! grid; its draws come from inversion of that distribution, stratum s on its own stream.

use rayon::prelude::*;

use crate::dga::DgaPosterior;
use crate::error::Result;
use crate::lcmcr::{self, LcmcrConfig, LcmcrPosterior};
use crate::random::Variates;
use crate::table::StratifiedTable;

/// Streams from this index on are the graphical-model draws', apart from the samplers' streams.
const DGA_STREAMS: u64 = 1 << 32;

/// Runs the latent-class sampler on every stratum; all chains of all strata share the cores.
pub fn lcmcr(table: &StratifiedTable, config: &LcmcrConfig) -> Vec<Result<LcmcrPosterior>> {
    table
        .strata()
        .par_iter()
        .enumerate()
        .map(|(index, stratum)| lcmcr::sample_streams(&stratum.table, config, index as u64 * config.n_chains as u64))
        .collect()
}

/// `n_draws` draws of N from a graphical-model posterior, for stratum `stratum_index`.
pub fn dga_draws(posterior: &DgaPosterior, n_draws: usize, seed: u64, stratum_index: u64) -> Vec<f64> {
    let mut rng = Variates::stream(seed, DGA_STREAMS + stratum_index);
    let mut cumulative = Vec::with_capacity(posterior.probabilities.len());
    let mut sum = 0.0;
    for p in &posterior.probabilities {
        sum += p;
        cumulative.push(sum);
    }
    (0..n_draws)
        .map(|_| {
            let u = rng.uniform() * sum;
            let index = cumulative.partition_point(|c| *c <= u).min(cumulative.len() - 1);
            (posterior.n_observed + index as u64) as f64
        })
        .collect()
}

/// Draws of the total: draw i of every stratum added up. `None` when the strata have different
/// numbers of draws (or there are none).
pub fn total(per_stratum: &[Vec<f64>]) -> Option<Vec<f64>> {
    let n_draws = per_stratum.first()?.len();
    if per_stratum.iter().any(|draws| draws.len() != n_draws) {
        return None;
    }
    Some((0..n_draws).map(|i| per_stratum.iter().map(|draws| draws[i]).sum()).collect())
}
