//! Record linkage in the Fellegi-Sunter framework, in the spirit of Splink and built for speed:
//! find the records of several sources (lists of the dead, registers, benchmark files) that
//! describe the same person, across Cyrillic and Latin spellings.
//!
//! Pure and synchronous: no I/O, no clock, no global state. Parallel with rayon, and deterministic
//! for a seed whatever the number of threads. Progress is reported through [`Progress`]; the
//! engine never prints.
//!
//! The pipeline, each step its own module: [`settings`] (what to do); [`input`] (the sources);
//! `prepare` (each distinct value analysed once into compact features); `compare` (levels per
//! comparison, person names part by part through the `names` engine); `blocking` (candidate pairs
//! from several deduplicated rules, with a guard on their number); `train` (u from random pairs,
//! m and λ by EM over comparison patterns); [`score`] (match weights with term-frequency
//! adjustment, and waterfalls); [`cluster`] (merging without chaining unrelated people).

#![warn(missing_docs)]

mod blocking;
pub mod cluster;
mod compare;
mod error;
pub mod input;
pub mod place;
mod prepare;
pub mod score;
pub mod settings;
mod similarity;
mod train;

pub use blocking::RuleReport;
pub use cluster::Clusters;
pub use error::Error;
pub use input::{Column, RecordRef, Source};
pub use score::{Model, Step, Waterfall, probability};
pub use settings::Settings;

use rayon::prelude::*;

use crate::compare::Comparator;
use crate::prepare::Prepared;
use crate::score::{ComparisonModel, LevelModel, Weights};
use crate::settings::{ComparisonSpec, LinkType, default_comparisons};

/// Receives progress: a stage with its amount of work, then advances. Called from several
/// threads at once.
pub trait Progress: Sync {
    /// A new stage begins, with `total` units of work (0 when unknown).
    fn stage(&self, name: &str, total: u64) {
        let _ = (name, total);
    }

    /// `n` more units of the current stage are done.
    fn advance(&self, n: u64) {
        let _ = n;
    }
}

/// Progress that goes nowhere.
#[derive(Debug, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {}

/// Something worth knowing about a linkage that did not stop it.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// Blocks over the size limit were skipped: their pairs were never compared.
    SkippedBlocks {
        /// The rule, from 1.
        rule: usize,
        /// The rule as written.
        description: String,
        /// How many blocks.
        n_blocks: u64,
        /// Records in them.
        n_records: u64,
    },
    /// EM did not converge within its iterations.
    NotConverged {
        /// Iterations run.
        iterations: u32,
    },
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::SkippedBlocks { rule, description, n_blocks, n_records } => write!(
                f,
                "blocking rule {rule} ({description}): skipped {n_blocks} oversized blocks holding {n_records} records; \
                 their pairs were not compared"
            ),
            Warning::NotConverged { iterations } => {
                write!(f, "EM did not converge in {iterations} iterations; the parameters are the last ones")
            }
        }
    }
}

/// A scored candidate pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredPair {
    /// The left record (global index; left < right).
    pub left: u32,
    /// The right record.
    pub right: u32,
    /// The blocking rule that found the pair (from 0).
    pub rule: u8,
    /// The match weight in bits.
    pub weight: f64,
}

impl ScoredPair {
    /// The match probability.
    pub fn probability(&self) -> f64 {
        probability(self.weight)
    }
}

/// The outcome of a linkage.
#[derive(Debug)]
pub struct Linkage {
    data: Prepared,
    comparator: Comparator,
    weights: Weights,
    /// The trained model.
    pub model: Model,
    /// The candidate pairs at or above the settings' floor (`Guard::keep_pairs_from`) with their
    /// weights, in the order blocking found them.
    pub pairs: Vec<ScoredPair>,
    /// The clusters.
    pub clusters: Clusters,
    /// What each blocking rule yielded.
    pub blocking: Vec<RuleReport>,
    /// Warnings.
    pub warnings: Vec<Warning>,
    /// The contradiction of each kept pair (the sum of its negative weights), for clustering again.
    contradictions: Vec<f64>,
}

impl Linkage {
    /// The clusters under other clustering options (a threshold, say), from the same scored
    /// pairs: for choosing a threshold without linking again. Pairs below the floor the linkage
    /// kept are not there to join.
    pub fn recluster(&self, sources: &[Source], settings: &Settings, clustering: &settings::Clustering) -> Clusters {
        let settings = Settings { clustering: clustering.clone(), ..settings.clone() };
        cluster_pairs(
            &self.data,
            &self.comparator,
            &self.weights,
            &settings,
            sources,
            &self.pairs,
            &self.contradictions,
        )
    }

    /// How many records there are (all sources).
    pub fn n_records(&self) -> usize {
        self.data.n_records()
    }

    /// Where a record (global index) comes from.
    pub fn record(&self, index: u32) -> RecordRef {
        let index = index as usize;
        let source = self.data.source_of[index] as usize;
        RecordRef { source, row: index - self.data.source_starts[source] }
    }

    /// Explains the weight of any pair of records (global indices).
    pub fn explain(&self, left: u32, right: u32) -> Waterfall {
        score::waterfall(&self.model, &self.weights, &self.comparator, &self.data, left as usize, right as usize)
    }
}

/// The comparisons of a linkage: the configured ones, plus the defaults of every field that has
/// none.
pub fn effective_comparisons(settings: &Settings) -> Vec<ComparisonSpec> {
    let mut out = settings.comparisons.clone();
    for field in &settings.fields {
        if !settings.comparisons.iter().any(|c| c.field == field.name) {
            out.extend(default_comparisons(field));
        }
    }
    out
}

fn validate(sources: &[Source], settings: &Settings) -> Result<(), Error> {
    for (i, field) in settings.fields.iter().enumerate() {
        if settings.fields[..i].iter().any(|f| f.name == field.name) {
            return Err(Error::DuplicateField { field: field.name.clone() });
        }
    }
    if settings.link_type == LinkType::LinkOnly && sources.len() < 2 {
        return Err(Error::TooFewSources { n_sources: sources.len() });
    }
    for name in &settings.clustering.unique_sources {
        if !sources.iter().any(|s| &s.name == name) {
            return Err(Error::Settings(format!("unique source `{name}` is not among the sources")));
        }
    }
    if !(settings.clustering.threshold > 0.0 && settings.clustering.threshold < 1.0) {
        return Err(Error::Settings("the threshold must be a probability strictly between 0 and 1".to_owned()));
    }
    if settings.blocking.is_empty() {
        return Err(Error::Settings("at least one blocking rule is needed".to_owned()));
    }
    Ok(())
}

/// Links the records of `sources` as the settings say.
pub fn link(sources: &[Source], settings: &Settings, progress: &dyn Progress) -> Result<Linkage, Error> {
    validate(sources, settings)?;
    let comparisons = effective_comparisons(settings);
    if comparisons.len() > 16 {
        return Err(Error::Settings(format!("{} comparisons; at most 16 are allowed", comparisons.len())));
    }
    let comparator = Comparator::new(&settings.fields, &comparisons)?;
    progress.stage("preparing records", 0);
    let name_keys: Vec<&str> = settings
        .blocking
        .iter()
        .flat_map(|rule| &rule.keys)
        .filter_map(|key| if let settings::KeyPart::NameKeys(field) = key { Some(field.as_str()) } else { None })
        .collect();
    let data = prepare::prepare(sources, &settings.fields, &name_keys)?;
    let mut warnings = Vec::new();
    let candidates = blocking::candidates(
        &blocking::BlockingInput {
            data: &data,
            fields: &settings.fields,
            rules: &settings.blocking,
            link_type: settings.link_type,
            guard: &settings.guard,
        },
        progress,
        &mut warnings,
    )?;
    let (u, n_u_pairs) = train::estimate_u(&comparator, &data, settings.link_type, &settings.training, progress);
    // EM needs the shares of comparison patterns, which an even sample gives as well as all pairs.
    let n_em = settings.training.max_em_pairs.max(1) as usize;
    let sample: Vec<(u32, u32)>;
    let em_pairs = if candidates.pairs.len() <= n_em {
        &candidates.pairs[..]
    } else {
        let step = candidates.pairs.len().div_ceil(n_em);
        sample = candidates.pairs.iter().step_by(step).copied().collect();
        &sample[..]
    };
    // Few candidates: their comparison is kept and scored from, instead of comparing again.
    let keep = candidates.pairs.len() <= n_em && candidates.pairs.len() <= train::KEEP_COMPARED;
    let (patterns, compared) = train::candidate_patterns(&comparator, &data, em_pairs, keep, progress);
    progress.stage("estimating m and λ", 0);
    let n_c = comparator.n_comparisons();
    let estimate = train::expectation_maximisation(&comparator, &patterns, &u, &settings.training);
    if !estimate.converged {
        warnings.push(Warning::NotConverged { iterations: estimate.iterations });
    }
    let n_total_pairs = train::total_pairs(&data, settings.link_type);
    let n_candidates = candidates.pairs.len() as u64;
    // λ per kind of pair (across two sources, within one): the share of matches among the
    // candidates of that kind, scaled to all pairs of that kind.
    let same_source = |x: u32, y: u32| data.source_of[x as usize] == data.source_of[y as usize];
    let n_same = candidates.pairs.par_iter().filter(|&&(x, y)| same_source(x, y)).count() as u64;
    let n_candidates_by_kind = [n_candidates - n_same, n_same];
    let n_pairs_by_kind = train::pairs_by_kind(&data, settings.link_type);
    let lambda_of = |g: usize| {
        estimate.lambda[g]
            .map(|l| (l * n_candidates_by_kind[g] as f64 / n_pairs_by_kind[g].max(1) as f64).clamp(1e-15, 1.0 - 1e-9))
    };
    let (lambda, lambda_same_source) = match (lambda_of(0), lambda_of(1)) {
        (Some(across), within) => (across, within),
        (None, Some(within)) => (within, None),
        (None, None) => (1e-15, None),
    };
    let lambda_candidates =
        (0..2).map(|g| estimate.lambda[g].unwrap_or(0.0) * n_candidates_by_kind[g] as f64).sum::<f64>()
            / n_candidates.max(1) as f64;
    let model = Model {
        lambda,
        lambda_same_source,
        lambda_candidates,
        comparisons: comparator
            .comparisons
            .iter()
            .enumerate()
            .map(|(c, compiled)| {
                let mut levels: Vec<LevelModel> = (1..compiled.n_levels())
                    .map(|l| {
                        let (m, u) = (estimate.m[c][l], u[c][l]);
                        LevelModel {
                            label: compiled.label(l as u8).to_owned(),
                            m,
                            u,
                            weight: (m / u).log2(),
                            term_frequency: compiled.level_uses_tf(l as u8),
                        }
                    })
                    .collect();
                cap_else_weight(&mut levels);
                ComparisonModel { name: compiled.spec.name.clone(), levels }
            })
            .collect(),
        em_iterations: estimate.iterations,
        em_converged: estimate.converged,
        n_u_pairs,
        n_candidates,
        n_total_pairs,
    };
    let weights = Weights::new(&model, &comparator, &data);
    progress.stage("scoring candidate pairs", n_candidates);
    // Pairs below the floor cannot join clusters; dropping them keeps memory flat.
    let floor = settings.guard.keep_pairs_from.min(settings.clustering.threshold);
    let mut floor_weight = (floor / (1.0 - floor)).log2();
    if let Some(bits) = settings.clustering.initials_weight {
        floor_weight = floor_weight.min(weights.prior.min(weights.prior_same) + bits);
    }
    if let Some(bits) = settings.clustering.sparse_weight {
        // A sparse claim competes with every pair of its record within 2 bits of it: keep them.
        floor_weight = floor_weight.min(weights.prior.min(weights.prior_same) + bits - cluster::COMPETE_MARGIN);
    }
    let n_tf = comparator.n_tf.max(1);
    let kept: Vec<(ScoredPair, f64)> = candidates
        .pairs
        .par_chunks(16_384)
        .zip(candidates.rule_of.par_chunks(16_384))
        .enumerate()
        .map_init(
            || compare::CompareCache::for_pairs(16_384),
            |cache, (chunk, (pairs, rules))| {
                let mut levels = [0u8; 16];
                let mut tf = [0u32; 16];
                let mut out = Vec::new();
                for (i, (&(left, right), &rule)) in pairs.iter().zip(rules).enumerate() {
                    let (l, t) = (&mut levels[..n_c], &mut tf[..n_tf]);
                    match &compared {
                        Some(compared) => {
                            let k = chunk * 16_384 + i;
                            l.copy_from_slice(&compared.levels[k * n_c..(k + 1) * n_c]);
                            t.copy_from_slice(&compared.tf[k * n_tf..(k + 1) * n_tf]);
                        }
                        None => comparator.compare_with(&data, left as usize, right as usize, l, t, Some(cache)),
                    }
                    let weight = weights.weight(&comparator, &levels[..n_c], &tf[..n_tf], same_source(left, right));
                    if weight >= floor_weight {
                        let contradiction = weights.contradiction(&comparator, &levels[..n_c], &tf[..n_tf]);
                        out.push((ScoredPair { left, right, rule, weight }, contradiction));
                    }
                }
                progress.advance(pairs.len() as u64);
                out
            },
        )
        .flatten_iter()
        .collect();
    drop(candidates.pairs);
    let (pairs, contradictions): (Vec<ScoredPair>, Vec<f64>) = kept.into_iter().unzip();
    progress.stage("clustering", 0);
    let clusters = cluster_pairs(&data, &comparator, &weights, settings, sources, &pairs, &contradictions);
    Ok(Linkage {
        data,
        comparator,
        weights,
        model,
        pairs,
        clusters,
        blocking: candidates.reports,
        warnings,
        contradictions,
    })
}

/// Caps the weight of a comparison's `else` level (the last) at 0 and at the weight of every other
/// level that matches fall in at least one time in a hundred: two values that agree at no level are
/// never evidence for one person. Where the random pairs hardly ever fall in `else` (death dates
/// more than weeks apart, on lists of one week's dead), u is next to nothing and m / u would make
/// the widest disagreement the strongest agreement. Levels that matches hardly reach are left out
/// of the cap: EM gives them weights far below zero that say nothing of `else`.
fn cap_else_weight(levels: &mut [LevelModel]) {
    const MIN_M: f64 = 0.01;
    let Some((last, others)) = levels.split_last_mut() else { return };
    let cap = others.iter().filter(|l| l.m >= MIN_M).map(|l| l.weight).fold(0.0, f64::min);
    last.weight = last.weight.min(cap);
}

/// A pair short of the threshold speaks for an initials-only record only with nothing against it:
/// no comparison below this many bits in all (a death date a month off is against it).
const SOFT_CONTRADICTION: f64 = -2.0;

/// A sparse claim's pair must weigh at least this (bits; a probability of 5% on its own). Across
/// a few lists the evidence the settings ask for already puts a pair above it; deduplicating a
/// million records, where the prior is -19 bits and a name alone fits many people, it keeps the
/// claims to names rare enough or records with more than a name (at 100,000 and 1,000,000
/// synthetic records this did better than the evidence alone).
const SPARSE_MIN_WEIGHT: f64 = -4.25;

/// How closely a name part of two records must agree for a claim in clustering.
#[derive(Clone, Copy)]
enum Agreement {
    /// At any level but `else` (a similar spelling, an initial).
    Any,
    /// The same word in any spelling (exact or transliterated).
    Same,
    /// The same word in any spelling, or one typing error apart (`Sergsei` and `Sergei`).
    OneTypo,
}

/// An initials-only record does not join a cluster with a member this much against it (in bits):
/// a different father's initial or birth year, where a missing value or a near date is not.
const MEMBER_VETO: f64 = -4.0;

fn cluster_pairs(
    data: &Prepared,
    comparator: &Comparator,
    weights: &Weights,
    settings: &Settings,
    sources: &[Source],
    pairs: &[ScoredPair],
    contradictions: &[f64],
) -> Clusters {
    let clustering = &settings.clustering;
    let threshold_weight = (clustering.threshold / (1.0 - clustering.threshold)).log2();
    let same_source = |x: u32, y: u32| data.source_of[x as usize] == data.source_of[y as usize];
    let edges: Vec<(f64, u32, u32)> =
        pairs.iter().filter(|p| p.weight >= threshold_weight).map(|p| (p.weight, p.left, p.right)).collect();
    let unique_source: Vec<bool> = sources
        .iter()
        .map(|s| settings.link_type == LinkType::LinkOnly || clustering.unique_sources.contains(&s.name))
        .collect();
    let weak: Vec<bool> = (0..data.n_records()).into_par_iter().map(|r| compare::is_weak(data, r)).collect();
    // A pair that is an edge on its own never vetoes: its evidence for outweighs its evidence against.
    let negatives: Vec<(u32, u32)> = pairs
        .iter()
        .zip(contradictions)
        .filter(|(p, c)| **c <= clustering.veto_weight && p.weight < threshold_weight)
        .map(|(p, _)| (p.left, p.right))
        .collect();
    let n_c = comparator.n_comparisons();
    let n_tf = comparator.n_tf.max(1);
    let contradiction = |x: u32, y: u32| -> f64 {
        let mut levels = [0u8; 16];
        let mut tf = [0u32; 16];
        comparator.compare(data, x as usize, y as usize, &mut levels[..n_c], &mut tf[..n_tf]);
        if weights.weight(comparator, &levels[..n_c], &tf[..n_tf], same_source(x, y)) >= threshold_weight {
            return 0.0;
        }
        weights.contradiction(comparator, &levels[..n_c], &tf[..n_tf])
    };
    let is_edge = |x: u32, y: u32| -> bool {
        let mut levels = [0u8; 16];
        let mut tf = [0u32; 16];
        comparator.compare(data, x as usize, y as usize, &mut levels[..n_c], &mut tf[..n_tf]);
        weights.weight(comparator, &levels[..n_c], &tf[..n_tf], same_source(x, y)) >= threshold_weight
    };
    // An initials-only record's surname is its one full word: a pair where it does not agree (an
    // initial fitting a father's name read from a -ұлы surname, say) rests on letters alone, and
    // never lets the record claim anyone; a pair short of the threshold needs the same surname,
    // not a similar one.
    let surname_comparisons: Vec<usize> =
        (0..n_c).filter(|&c| comparator.comparisons[c].spec.part == settings::Part::Surname).collect();
    let given_comparisons: Vec<usize> =
        (0..n_c).filter(|&c| comparator.comparisons[c].spec.part == settings::Part::Given).collect();
    let part_agrees = |comparisons: &[usize], x: u32, y: u32, agreement: Agreement| -> bool {
        if comparisons.is_empty() {
            return true;
        }
        let mut levels = [0u8; 16];
        let mut tf = [0u32; 16];
        comparator.compare(data, x as usize, y as usize, &mut levels[..n_c], &mut tf[..n_tf]);
        comparisons.iter().any(|&c| {
            let (level, compiled) = (levels[c], &comparator.comparisons[c]);
            if level == compare::LEVEL_MISSING || level == compiled.else_level() {
                return false;
            }
            let predicates = &compiled.spec.levels[usize::from(level) - 1].predicates;
            let same =
                matches!(predicates.first(), Some(settings::Predicate::Exact | settings::Predicate::Transliterated));
            // Two kinds of surname do not agree: nothing of the family is compared.
            predicates.first() != Some(&settings::Predicate::FatherForm)
                && match agreement {
                    Agreement::Any => true,
                    Agreement::Same => same,
                    Agreement::OneTypo => {
                        same || predicates.iter().any(|p| matches!(p, settings::Predicate::DamerauLevenshtein(1)))
                    }
                }
        })
    };
    let surname_agrees = |x: u32, y: u32, agreement: Agreement| part_agrees(&surname_comparisons, x, y, agreement);
    let edges: Vec<(f64, u32, u32)> = if clustering.initials_rule {
        edges
            .into_iter()
            .filter(|&(_, x, y)| !(weak[x as usize] || weak[y as usize]) || surname_agrees(x, y, Agreement::Any))
            .collect()
    } else {
        edges
    };
    let soft: Vec<(f64, u32, u32)> = match clustering.initials_weight {
        Some(bits) if clustering.initials_rule => pairs
            .iter()
            .zip(contradictions)
            .filter(|(p, c)| {
                p.weight < threshold_weight
                    && p.weight - weights.prior_of(same_source(p.left, p.right)) >= bits
                    && **c > SOFT_CONTRADICTION
                    && weak[p.left as usize] != weak[p.right as usize]
                    && surname_agrees(p.left, p.right, Agreement::Same)
            })
            .map(|(p, _)| (p.weight, p.left, p.right))
            .collect(),
        _ => Vec::new(),
    };
    // Step 4 of the rule: full-name records of two sources whose surname and given name are the
    // same in any spelling or one typing error apart (`Qanat` and `Кант`: the evidence and the
    // rivals decide, as for the same name), with enough evidence and nothing against; of one
    // source too when one file is deduplicated (it names people several times: the claim is its
    // records' only hope).
    let dedupe = settings.link_type == LinkType::Dedupe;
    let sparse: Vec<(f64, u32, u32)> = match clustering.sparse_weight {
        Some(bits) if clustering.initials_rule => pairs
            .iter()
            .zip(contradictions)
            .filter(|(p, c)| {
                p.weight < threshold_weight
                    && (dedupe || !same_source(p.left, p.right))
                    && p.weight - weights.prior_of(same_source(p.left, p.right)) >= bits
                    && p.weight >= SPARSE_MIN_WEIGHT
                    && **c > SOFT_CONTRADICTION
                    && !weak[p.left as usize]
                    && !weak[p.right as usize]
                    && surname_agrees(p.left, p.right, Agreement::OneTypo)
                    && part_agrees(&given_comparisons, p.left, p.right, Agreement::OneTypo)
            })
            .map(|(p, _)| (p.weight, p.left, p.right))
            .collect(),
        _ => Vec::new(),
    };
    let scored: Vec<(f64, u32, u32)> = if sparse.is_empty() {
        Vec::new()
    } else {
        let mut in_sparse = vec![false; data.n_records()];
        for &(_, x, y) in &sparse {
            in_sparse[x as usize] = true;
            in_sparse[y as usize] = true;
        }
        pairs
            .iter()
            .filter(|p| in_sparse[p.left as usize] || in_sparse[p.right as usize])
            .map(|p| (p.weight, p.left, p.right))
            .collect()
    };
    let input = cluster::ClusterInput {
        source_of: &data.source_of,
        unique_source: &unique_source,
        weak: &weak,
        veto: clustering.veto_weight,
        member_veto: MEMBER_VETO,
        contradiction: &contradiction,
        is_edge: &is_edge,
        negatives: &negatives,
        soft: &soft,
        sparse: &sparse,
        sparse_rivals_in_source: !dedupe,
        scored: &scored,
    };
    cluster::cluster(&input, edges, clustering.initials_rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Levels `(m, weight in bits)` (`else` last) in, their weights after the cap out.
    #[track_caller]
    fn check_cap(weights: &[(f64, f64)], expect: &[f64]) {
        let mut levels: Vec<LevelModel> = weights
            .iter()
            .map(|&(m, weight)| LevelModel { label: String::new(), m, u: 0.0, weight, term_frequency: false })
            .collect();
        cap_else_weight(&mut levels);
        let got: Vec<f64> = levels.iter().map(|l| l.weight).collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn an_else_level_is_never_evidence_for() {
        // Death dates more than six weeks apart on lists of one week's dead: u next to nothing.
        check_cap(&[(0.8, 1.6), (0.17, -1.4), (0.02, -2.1), (0.01, 9.2)], &[1.6, -1.4, -2.1, -2.1]);
        check_cap(&[(0.7, 4.5), (0.2, 2.0), (0.1, 1.0)], &[4.5, 2.0, 0.0]);
        check_cap(&[(0.9, 4.5), (0.1, -5.5)], &[4.5, -5.5]);
        check_cap(&[(0.9, 3.0)], &[0.0]);
        // A level matches never reach (towns and regions on lists that give towns only) caps nothing.
        check_cap(&[(0.7, 1.6), (0.0001, -8.1), (0.05, -3.7)], &[1.6, -8.1, -3.7]);
    }
}
