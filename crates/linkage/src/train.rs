//! Estimating the model: u from random pairs, m and the share of matches λ by
//! expectation-maximisation over the candidate pairs.
//!
//! u is the probability of each level among pairs of different people; random pairs are nearly
//! all such pairs, so their level frequencies estimate it (every pair when the data have at most
//! `max_u_pairs` pairs; otherwise a seeded sample that respects the link type).
//!
//! EM runs on the distinct comparison patterns with their counts, not on pairs: a million
//! candidate pairs collapse to a few thousand patterns. Within the candidate pairs, non-matches
//! agree more often than random pairs (they share blocking keys), so EM estimates its own u for
//! the candidates alongside m and λ; only m is kept. The prior of a match over all pairs is then
//! λ × candidates / all pairs, which with u from random pairs gives the probability that a pair of
//! records describes one person (as Splink does). m starts from defaults that decrease with the
//! level, and a few pseudo-pairs of those defaults keep every m above zero and small data sets
//! from estimating extreme values.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::Progress;
use crate::compare::{Comparator, CompareCache, LEVEL_MISSING};
use crate::prepare::Prepared;
use crate::settings::{LinkType, Training};

/// Levels per comparison in count tables (levels are at most 15).
pub(crate) const LEVEL_SLOTS: usize = 16;

/// SplitMix64: a small, seedable generator; the same seed draws the same pairs everywhere.
pub(crate) struct SplitMix(u64);

impl SplitMix {
    pub(crate) fn new(seed: u64) -> SplitMix {
        SplitMix(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0), by multiply-shift: no division, negligible bias for n < 2^32.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
}

/// How many pairs the link type allows among all records.
pub(crate) fn total_pairs(data: &Prepared, link_type: LinkType) -> u64 {
    let [across, within] = pairs_by_kind(data, link_type);
    across + within
}

/// How many pairs the link type allows across two sources and within one.
pub(crate) fn pairs_by_kind(data: &Prepared, link_type: LinkType) -> [u64; 2] {
    let n = data.n_records() as u64;
    let all = n * n.saturating_sub(1) / 2;
    let same: u64 = data
        .source_starts
        .windows(2)
        .map(|w| {
            let k = (w[1] - w[0]) as u64;
            k * k.saturating_sub(1) / 2
        })
        .sum();
    if link_type == LinkType::LinkOnly { [all - same, 0] } else { [all - same, same] }
}

/// Level counts per comparison, flattened (`comparison * LEVEL_SLOTS + level`).
fn count_levels(comparator: &Comparator, data: &Prepared, pairs: &[(u32, u32)]) -> Vec<u64> {
    let n_c = comparator.n_comparisons();
    let n_tf = comparator.n_tf.max(1);
    pairs
        .par_chunks(4096)
        .map_init(
            || CompareCache::for_pairs(4096),
            |cache, chunk| {
                let mut counts = vec![0u64; n_c * LEVEL_SLOTS];
                let mut levels = vec![0u8; n_c];
                let mut tf = vec![0u32; n_tf];
                for &(x, y) in chunk {
                    comparator.compare_with(data, x as usize, y as usize, &mut levels, &mut tf, Some(cache));
                    for (c, &l) in levels.iter().enumerate() {
                        counts[c * LEVEL_SLOTS + usize::from(l)] += 1;
                    }
                }
                counts
            },
        )
        .reduce(
            || vec![0u64; n_c * LEVEL_SLOTS],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        )
}

/// u per comparison and level (level 0, missing, is unused), and the number of pairs behind it.
pub(crate) fn estimate_u(
    comparator: &Comparator,
    data: &Prepared,
    link_type: LinkType,
    training: &Training,
    progress: &dyn Progress,
) -> (Vec<Vec<f64>>, u64) {
    let n = data.n_records();
    let total = total_pairs(data, link_type);
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    if total <= training.max_u_pairs {
        for x in 0..n {
            for y in x + 1..n {
                if link_type == LinkType::LinkOnly && data.source_of[x] == data.source_of[y] {
                    continue;
                }
                pairs.push((x as u32, y as u32));
            }
        }
    } else {
        let mut rng = SplitMix::new(training.seed);
        while (pairs.len() as u64) < training.max_u_pairs {
            let (x, y) = (rng.below(n), rng.below(n));
            if x == y || (link_type == LinkType::LinkOnly && data.source_of[x] == data.source_of[y]) {
                continue;
            }
            pairs.push((x.min(y) as u32, x.max(y) as u32));
        }
    }
    progress.stage("estimating u from random pairs", pairs.len() as u64);
    let counts = count_levels(comparator, data, &pairs);
    progress.advance(pairs.len() as u64);
    let u = comparator
        .comparisons
        .iter()
        .enumerate()
        .map(|(c, compiled)| {
            let n_levels = compiled.n_levels();
            let row = &counts[c * LEVEL_SLOTS..c * LEVEL_SLOTS + n_levels];
            // Laplace smoothing: a level never seen among random pairs is rare, not impossible.
            let smoothed = |row: &[u64]| -> Vec<f64> {
                let present: u64 = row.iter().sum();
                row.iter().map(|&k| (k as f64 + 1.0) / (present as f64 + row.len() as f64)).collect()
            };
            let mut u = vec![0.0; n_levels];
            match exact_share(compiled, data, link_type) {
                // Exact agreement counted over all pairs; the sample shares out the rest.
                Some(exact) => {
                    u[1] = exact;
                    for (l, share) in smoothed(&row[2..]).into_iter().enumerate() {
                        u[l + 2] = (1.0 - exact) * share;
                    }
                }
                None => u[1..].copy_from_slice(&smoothed(&row[1..])),
            }
            fix_probabilities(&mut u, &fixed(compiled, false));
            u
        })
        .collect();
    (u, pairs.len() as u64)
}

/// The share of pairs (both values present, as the link type allows) that agree exactly, counted
/// from the values' frequencies, for a comparison of text whose first level is exact equality
/// alone: no sample can see a one-in-a-million agreement, and a count can.
fn exact_share(compiled: &crate::compare::Compiled, data: &Prepared, link_type: LinkType) -> Option<f64> {
    use crate::prepare::{FieldData, MISSING};
    let first = compiled.spec.levels.first()?;
    let field = &data.fields[compiled.field];
    if first.predicates != [crate::settings::Predicate::Exact] || !matches!(field.data, FieldData::Text(_)) {
        return None;
    }
    let n_sources = data.source_starts.len() - 1;
    let pairs = |k: u64| k * k.saturating_sub(1) / 2;
    let present = u64::from(field.n_present);
    let (agree, all) = if link_type == LinkType::LinkOnly {
        // Pairs across sources only: all pairs less those within a source.
        let mut by_source: std::collections::HashMap<(u32, u32), u64, foldhash::fast::FixedState> = Default::default();
        let mut present_by_source = vec![0u64; n_sources];
        for (record, &v) in field.values.iter().enumerate() {
            if v != MISSING {
                let source = data.source_of[record];
                *by_source.entry((v, source)).or_insert(0) += 1;
                present_by_source[source as usize] += 1;
            }
        }
        let within: u64 = by_source.values().map(|&k| pairs(k)).sum();
        let agree = field.counts.iter().map(|&k| pairs(u64::from(k))).sum::<u64>() - within;
        (agree, pairs(present) - present_by_source.iter().map(|&k| pairs(k)).sum::<u64>())
    } else {
        (field.counts.iter().map(|&k| pairs(u64::from(k))).sum(), pairs(present))
    };
    (all > 0).then(|| (agree as f64 / all as f64).max(1.0 / all as f64))
}

/// Fixed probabilities of a comparison's levels from the settings (index by level; 0 unused).
pub(crate) fn fixed(compiled: &crate::compare::Compiled, m: bool) -> Vec<Option<f64>> {
    let mut out = vec![None];
    for level in &compiled.spec.levels {
        out.push(if m { level.m } else { level.u });
    }
    out.push(if m { compiled.spec.else_m } else { compiled.spec.else_u });
    out
}

/// The least m of a free `else` level: among matches some disagreement always happens (a copying
/// error, a place of residence for a place of death, a gender guessed from a name). Without it,
/// EM on data where a field seldom disagrees drives m to zero, and one disagreement becomes
/// proof of two people (-12 bits and more for a gender or a place).
const MIN_ELSE_M: f64 = 0.01;

/// Raises a free `else` level's m to [`MIN_ELSE_M`], taking the mass from the free levels.
fn floor_else(m: &mut [f64], fixed: &[Option<f64>]) {
    let last = m.len() - 1;
    if fixed[last].is_some() || m[last] >= MIN_ELSE_M {
        return;
    }
    let free_others: f64 = (1..last).filter(|&l| fixed[l].is_none()).map(|l| m[l]).sum();
    let scale = (free_others - (MIN_ELSE_M - m[last])) / free_others;
    if free_others <= 0.0 || scale <= 0.0 {
        return;
    }
    for l in (1..last).filter(|&l| fixed[l].is_none()) {
        m[l] *= scale;
    }
    m[last] = MIN_ELSE_M;
}

/// Puts fixed values in place and scales the free ones to fill the rest of the unit mass.
fn fix_probabilities(p: &mut [f64], fixed: &[Option<f64>]) {
    let fixed_mass: f64 = fixed.iter().flatten().sum();
    let free_mass: f64 = p.iter().zip(fixed).skip(1).filter(|(_, f)| f.is_none()).map(|(p, _)| *p).sum();
    let scale = if free_mass > 0.0 { (1.0 - fixed_mass).max(0.0) / free_mass } else { 0.0 };
    for (value, fixed) in p.iter_mut().zip(fixed).skip(1) {
        *value = fixed.unwrap_or(*value * scale).max(1e-12);
    }
}

/// The levels and term-frequency counts of every pair compared, in pair order (`n_c` levels and
/// `n_tf` counts per pair), kept when the pairs are few enough to score from them.
pub(crate) struct Compared {
    pub(crate) levels: Vec<u8>,
    pub(crate) tf: Vec<u32>,
}

/// Comparison patterns (levels per comparison) with their counts: of pairs across two sources,
/// and of pairs within one.
pub(crate) type PatternGroups = [Vec<(Vec<u8>, u64)>; 2];

/// Pairs up to which the first comparison of every candidate is kept for scoring.
pub(crate) const KEEP_COMPARED: usize = 250_000;

/// Distinct patterns of comparison levels among the candidate pairs, with their counts, in
/// ascending pattern order: of pairs across two sources, then of pairs within one. Levels are not kept per pair (unless `keep`, for few pairs): EM needs
/// only the counts, and scoring compares again, so memory stays flat however many candidates
/// blocking yields.
pub(crate) fn candidate_patterns(
    comparator: &Comparator,
    data: &Prepared,
    pairs: &[(u32, u32)],
    keep: bool,
    progress: &dyn Progress,
) -> (PatternGroups, Option<Compared>) {
    let n_c = comparator.n_comparisons();
    let n_tf = comparator.n_tf.max(1);
    if n_c == 0 {
        return ([Vec::new(), Vec::new()], None);
    }
    progress.stage("comparing candidate pairs", pairs.len() as u64);
    let pack = |row: &[u8]| row.iter().fold(0u64, |acc, &l| (acc << 4) | u64::from(l));
    // Patterns are counted apart for pairs within one source and across two (their priors differ).
    let same = |x: u32, y: u32| data.source_of[x as usize] == data.source_of[y as usize];
    type Counts = HashMap<(bool, u64), u64, foldhash::fast::FixedState>;
    let chunks: Vec<(Counts, Compared)> = pairs
        .par_chunks(16_384)
        .map_init(
            || CompareCache::for_pairs(pairs.len().min(16_384)),
            |cache, chunk| {
                let mut map = Counts::default();
                let mut compared = Compared { levels: Vec::new(), tf: Vec::new() };
                let mut levels = [0u8; 16];
                let mut tf = [0u32; 16];
                for &(x, y) in chunk {
                    let (levels, tf) = (&mut levels[..n_c], &mut tf[..n_tf]);
                    comparator.compare_with(data, x as usize, y as usize, levels, tf, Some(cache));
                    *map.entry((same(x, y), pack(levels))).or_insert(0) += 1;
                    if keep {
                        compared.levels.extend_from_slice(levels);
                        compared.tf.extend_from_slice(tf);
                    }
                }
                progress.advance(chunk.len() as u64);
                (map, compared)
            },
        )
        .collect();
    let mut counts = Counts::default();
    let mut all = Compared { levels: Vec::new(), tf: Vec::new() };
    for (map, compared) in chunks {
        for (k, v) in map {
            *counts.entry(k).or_insert(0) += v;
        }
        all.levels.extend(compared.levels);
        all.tf.extend(compared.tf);
    }
    let mut sorted: Vec<((bool, u64), u64)> = counts.into_iter().collect();
    sorted.sort_unstable();
    let mut patterns: PatternGroups = [Vec::new(), Vec::new()];
    for ((same, packed), count) in sorted {
        let row = (0..n_c).map(|c| ((packed >> (4 * (n_c - 1 - c))) & 15) as u8).collect();
        patterns[usize::from(same)].push((row, count));
    }
    (patterns, keep.then_some(all))
}

/// The default m of each level before training: a share by what the level's first predicate
/// means (agreement is common among matches, initials and typing errors less so), `else` small,
/// normalised. EM starts here, and `prior_strength` pseudo-pairs of it keep every m above zero:
/// a level that begins near zero (say, initials on a list that gives only initials) could never
/// gain weight otherwise.
pub(crate) fn default_m(levels: &[crate::settings::Level]) -> Vec<f64> {
    use crate::settings::Predicate as P;
    let mut m = vec![0.0];
    for level in levels {
        m.push(match level.predicates.first() {
            Some(P::Exact) => 0.55,
            Some(P::Transliterated) => 0.25,
            Some(P::JaroWinkler(t)) if *t >= 0.9 => 0.08,
            Some(P::DamerauLevenshtein(1)) => 0.08,
            Some(P::JaroWinkler(_) | P::DamerauLevenshtein(_)) => 0.04,
            Some(P::Initials) => 0.1,
            Some(P::Swapped) => 0.01,
            Some(P::FatherForm) => 0.03,
            Some(P::DateClose | P::WithinDays(_) | P::SameYear | P::SharedWord | P::SameRegion) => 0.06,
            Some(P::WithinYears(_) | P::PartialWithinYears(_)) => 0.03,
            None => 0.05,
        });
    }
    m.push(0.05);
    let sum: f64 = m.iter().sum();
    m.iter_mut().for_each(|x| *x /= sum);
    m
}

/// What EM found.
#[derive(Debug, Clone)]
pub(crate) struct Estimate {
    /// Share of matches among the candidate pairs, per group of patterns (across sources, within
    /// one); `None` for a group without pairs.
    pub(crate) lambda: [Option<f64>; 2],
    /// m per comparison and level.
    pub(crate) m: Vec<Vec<f64>>,
    pub(crate) iterations: u32,
    pub(crate) converged: bool,
}

/// m shared by every pair, and a share of matches λ per group of patterns: two records of one
/// list are far less often one person than two records of two lists (a list seldom names a
/// person twice), and one λ for both would make namesakes within a list look like duplicates.
pub(crate) fn expectation_maximisation(
    comparator: &Comparator,
    groups: &PatternGroups,
    u_random: &[Vec<f64>],
    training: &Training,
) -> Estimate {
    let comparisons = &comparator.comparisons;
    let prior_m: Vec<Vec<f64>> = comparisons.iter().map(|c| default_m(&c.spec.levels)).collect();
    let fixed_m: Vec<Vec<Option<f64>>> = comparisons.iter().map(|c| fixed(c, true)).collect();
    let mut m = prior_m.clone();
    for (row, fixed) in m.iter_mut().zip(&fixed_m) {
        fix_probabilities(row, fixed);
    }
    let mut u: Vec<Vec<f64>> = u_random.to_vec();
    let mut lambda: [f64; 2] = [0.05, 0.05];
    let alpha = training.prior_strength.max(0.0);
    let mut iterations = 0;
    let mut converged = false;
    let present = [!groups[0].is_empty(), !groups[1].is_empty()];
    let lambdas = |lambda: [f64; 2]| [present[0].then_some(lambda[0]), present[1].then_some(lambda[1])];
    if !present[0] && !present[1] {
        return Estimate { lambda: [None, None], m, iterations, converged: true };
    }
    while iterations < training.max_iterations {
        iterations += 1;
        let mut m_sum: Vec<Vec<f64>> = m.iter().map(|row| vec![0.0; row.len()]).collect();
        let mut u_sum = m_sum.clone();
        let (mut matches, mut total) = ([0.0; 2], [0.0; 2]);
        for (g, row, count) in groups.iter().enumerate().flat_map(|(g, p)| p.iter().map(move |(r, c)| (g, r, c))) {
            let count = *count as f64;
            let (mut log_m, mut log_u) = (lambda[g].ln(), (1.0 - lambda[g]).ln());
            for (c, &level) in row.iter().enumerate() {
                if level != LEVEL_MISSING {
                    log_m += m[c][usize::from(level)].ln();
                    log_u += u[c][usize::from(level)].ln();
                }
            }
            let w = 1.0 / (1.0 + (log_u - log_m).exp());
            matches[g] += w * count;
            total[g] += count;
            for (c, &level) in row.iter().enumerate() {
                m_sum[c][usize::from(level)] += w * count;
                u_sum[c][usize::from(level)] += (1.0 - w) * count;
            }
        }
        let mut change: f64 = 0.0;
        for g in 0..2 {
            if present[g] {
                let new_lambda = (matches[g] / total[g]).clamp(1e-9, 1.0 - 1e-9);
                change = change.max((new_lambda - lambda[g]).abs());
                lambda[g] = new_lambda;
            }
        }
        for c in 0..comparisons.len() {
            let update = |sums: &[f64], prior: &[f64], old: &mut Vec<f64>, fixed: &[Option<f64>]| -> f64 {
                let present: f64 = sums[1..].iter().sum();
                let mut new: Vec<f64> = sums
                    .iter()
                    .zip(prior)
                    .enumerate()
                    .map(|(l, (s, p))| if l == 0 { 0.0 } else { (s + alpha * p) / (present + alpha) })
                    .collect();
                fix_probabilities(&mut new, fixed);
                let moved = new.iter().zip(old.iter()).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
                *old = new;
                moved
            };
            change = change.max(update(&m_sum[c], &prior_m[c], &mut m[c], &fixed_m[c]));
            floor_else(&mut m[c], &fixed_m[c]);
            let no_fixed = vec![None; u[c].len()];
            change = change.max(update(&u_sum[c], &u_random[c], &mut u[c], &no_fixed));
        }
        if change < training.tolerance {
            converged = true;
            break;
        }
    }
    Estimate { lambda: lambdas(lambda), m, iterations, converged }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_m_sums_to_one() {
        let field = crate::settings::FieldSpec::new("surname", crate::settings::FieldKind::Surname);
        let spec = &crate::settings::default_comparisons(&field)[0];
        let m = default_m(&spec.levels);
        assert_eq!(m[0], 0.0);
        assert_eq!(m.len(), spec.levels.len() + 2);
        assert!((m.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(m[1] > m[2] && m[2] > m[3]);
    }

    #[test]
    fn a_disagreement_is_never_proof() {
        // m of `else` raised to the floor, the other free levels scaled, fixed ones untouched.
        let mut m = vec![0.0, 0.6, 0.3, 0.1, 0.0];
        let fixed = [None, None, None, Some(0.1), None];
        floor_else(&mut m, &fixed);
        assert_eq!(m[4], MIN_ELSE_M);
        assert_eq!(m[3], 0.1);
        assert!((m.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{m:?}");
        assert!((m[1] / m[2] - 2.0).abs() < 1e-12);
        // A fixed `else`, or one above the floor, stays.
        let mut m = vec![0.0, 0.9, 0.1];
        floor_else(&mut m, &[None, None, Some(0.1)]);
        assert_eq!(m, [0.0, 0.9, 0.1]);
    }

    #[test]
    fn sampler_is_deterministic_and_in_range() {
        let mut a = SplitMix::new(7);
        let mut b = SplitMix::new(7);
        for _ in 0..1000 {
            let x = a.below(13);
            assert_eq!(x, b.below(13));
            assert!(x < 13);
        }
    }
}
