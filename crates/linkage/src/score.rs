//! The trained model and its use: match weights in bits and their explanation as a waterfall.
//!
//! match weight = log2(λ / (1 − λ)) + Σ log2(m / u) over comparisons (0 for a missing value),
//! plus, on levels with term frequencies, log2(u / u_tf) where u_tf is the frequency of the
//! agreeing value (the larger of the two sides' frequencies, as Splink does, but without the two
//! records of the pair): a common surname weighs less than a rare one. The probability is 2^w / (1 + 2^w).

use std::fmt;

use crate::compare::{Comparator, LEVEL_MISSING};
use crate::prepare::Prepared;

/// The parameters of one level.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelModel {
    /// The level's label.
    pub label: String,
    /// P(level | match).
    pub m: f64,
    /// P(level | different people).
    pub u: f64,
    /// log2(m / u); for the `else` level, at most 0 and at most any other level's weight.
    pub weight: f64,
    /// Whether the weight is adjusted by term frequency.
    pub term_frequency: bool,
}

/// The parameters of one comparison: its levels (without `missing`), `else` last.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonModel {
    /// The comparison's name.
    pub name: String,
    /// The levels.
    pub levels: Vec<LevelModel>,
}

/// The trained Fellegi-Sunter model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Prior probability that a random pair of records (as the link type allows) is a match: of
    /// two sources when records of several sources are linked, else of one.
    pub lambda: f64,
    /// With several sources linked and deduplicated: the prior of a pair of records of one source,
    /// estimated apart (a list seldom names one person twice).
    pub lambda_same_source: Option<f64>,
    /// The share of matches EM found among the candidate pairs.
    pub lambda_candidates: f64,
    /// The comparisons.
    pub comparisons: Vec<ComparisonModel>,
    /// EM iterations run.
    pub em_iterations: u32,
    /// Whether EM converged within its iterations.
    pub em_converged: bool,
    /// Random pairs behind u.
    pub n_u_pairs: u64,
    /// Candidate pairs.
    pub n_candidates: u64,
    /// All pairs the link type allows.
    pub n_total_pairs: u64,
}

impl Model {
    /// The prior in bits: log2(λ / (1 − λ)).
    pub fn prior_weight(&self) -> f64 {
        (self.lambda / (1.0 - self.lambda)).log2()
    }

    /// The prior in bits of a pair of records of one source.
    pub fn prior_weight_same_source(&self) -> f64 {
        let lambda = self.lambda_same_source.unwrap_or(self.lambda);
        (lambda / (1.0 - lambda)).log2()
    }
}

/// The probability of a match weight.
pub fn probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}

/// Weights per comparison and level, with what TF adjustment needs, for scoring many pairs.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    /// The prior of a pair across two sources (or of any pair, with one kind only).
    pub(crate) prior: f64,
    /// The prior of a pair within one source.
    pub(crate) prior_same: f64,
    /// `[comparison][level]`; level 0 (missing) is 0.
    table: Vec<Vec<f64>>,
    /// u per comparison and level (for TF adjustment).
    u: Vec<Vec<f64>>,
    /// Records with the compared field, per comparison (the denominator of u_tf).
    n_present: Vec<f64>,
}

impl Weights {
    pub(crate) fn new(model: &Model, comparator: &Comparator, data: &Prepared) -> Weights {
        let mut table = Vec::new();
        let mut u = Vec::new();
        for cm in &model.comparisons {
            table.push(std::iter::once(0.0).chain(cm.levels.iter().map(|l| l.weight)).collect());
            u.push(std::iter::once(1.0).chain(cm.levels.iter().map(|l| l.u)).collect());
        }
        let n_present =
            comparator.comparisons.iter().map(|c| f64::from(data.fields[c.field].n_present.max(1))).collect();
        Weights { prior: model.prior_weight(), prior_same: model.prior_weight_same_source(), table, u, n_present }
    }

    /// The TF adjustment of a comparison at a level given the agreeing value's count.
    pub(crate) fn tf_adjustment(&self, comparator: &Comparator, c: usize, level: u8, count: u32) -> f64 {
        if count == 0 || !comparator.comparisons[c].level_uses_tf(level) {
            return 0.0;
        }
        let n = self.n_present[c];
        // Leave the pair out: the frequency that matters is how often some *other* record has the
        // value. In small lists the pair's own records (and the person's other records) are much of
        // the count, and would make every name look common.
        let others = f64::from(count.saturating_sub(2));
        let u_tf = (others / n).max(1.0 / n);
        (self.u[c][usize::from(level)] / u_tf).log2()
    }

    /// The prior of a pair: of two records of one source (`same`), or of two sources.
    pub(crate) fn prior_of(&self, same: bool) -> f64 {
        if same { self.prior_same } else { self.prior }
    }

    /// The match weight of a pair from its levels and TF counts (`same`: of one source).
    pub(crate) fn weight(&self, comparator: &Comparator, levels: &[u8], tf: &[u32], same: bool) -> f64 {
        let mut total = self.prior_of(same);
        for (c, &level) in levels.iter().enumerate() {
            total += self.table[c][usize::from(level)];
            if let Some(slot) = comparator.tf_slot[c] {
                total += self.tf_adjustment(comparator, c, level, tf[slot]);
            }
        }
        total
    }

    /// The evidence against a match: the sum of the negative comparison weights (with their TF
    /// adjustments), in bits. Missing values add nothing, so lack of evidence is not contradiction.
    pub(crate) fn contradiction(&self, comparator: &Comparator, levels: &[u8], tf: &[u32]) -> f64 {
        let mut total = 0.0;
        for (c, &level) in levels.iter().enumerate() {
            let mut w = self.table[c][usize::from(level)];
            if let Some(slot) = comparator.tf_slot[c] {
                w += self.tf_adjustment(comparator, c, level, tf[slot]);
            }
            total += w.min(0.0);
        }
        total
    }

    /// The weight of one comparison at a level (0 when missing).
    pub(crate) fn level_weight(&self, c: usize, level: u8) -> f64 {
        self.table[c][usize::from(level)]
    }
}

/// One step of a waterfall: a comparison's level and its contribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The comparison.
    pub comparison: String,
    /// The left record's value (as compared).
    pub left: String,
    /// The right record's value.
    pub right: String,
    /// The level's label.
    pub level: String,
    /// m of the level (none when missing).
    pub m: Option<f64>,
    /// u of the level (none when missing).
    pub u: Option<f64>,
    /// log2(m / u), 0 when missing.
    pub weight: f64,
    /// The term-frequency adjustment in bits.
    pub tf_adjustment: f64,
}

/// Why a pair scored what it did: the prior, each comparison, the total.
#[derive(Debug, Clone, PartialEq)]
pub struct Waterfall {
    /// The prior in bits.
    pub prior: f64,
    /// One step per comparison.
    pub steps: Vec<Step>,
    /// The match weight.
    pub total: f64,
    /// Its probability.
    pub probability: f64,
}

pub(crate) fn waterfall(
    model: &Model,
    weights: &Weights,
    comparator: &Comparator,
    data: &Prepared,
    x: usize,
    y: usize,
) -> Waterfall {
    let n_c = comparator.n_comparisons();
    let mut levels = vec![0u8; n_c];
    let mut tf = vec![0u32; comparator.n_tf.max(1)];
    comparator.compare(data, x, y, &mut levels, &mut tf);
    let shown = crate::compare::describe(comparator, data, x, y);
    let mut steps = Vec::with_capacity(n_c);
    for (c, &level) in levels.iter().enumerate() {
        let compiled = &comparator.comparisons[c];
        let tf_adjustment = comparator.tf_slot[c].map_or(0.0, |s| weights.tf_adjustment(comparator, c, level, tf[s]));
        let params = (level != LEVEL_MISSING).then(|| &model.comparisons[c].levels[usize::from(level) - 1]);
        steps.push(Step {
            comparison: compiled.spec.name.clone(),
            left: shown[c].0.clone(),
            right: shown[c].1.clone(),
            level: compiled.label(level).to_owned(),
            m: params.map(|p| p.m),
            u: params.map(|p| p.u),
            weight: weights.level_weight(c, level),
            tf_adjustment,
        });
    }
    let same = data.source_of[x] == data.source_of[y];
    let total = weights.weight(comparator, &levels, &tf, same);
    Waterfall { prior: weights.prior_of(same), steps, total, probability: probability(total) }
}

impl fmt::Display for Waterfall {
    /// One line per step: `prior -12.29; name.surname "a" vs "b": exact (m 0.9, u 0.001) +9.81, tf -1.20; ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "prior {:+.2}", self.prior)?;
        for step in &self.steps {
            write!(f, "; {} `{}` vs `{}`: {}", step.comparison, step.left, step.right, step.level)?;
            if let (Some(m), Some(u)) = (step.m, step.u) {
                write!(f, " (m {m:.3}, u {u:.2e}) {:+.2}", step.weight)?;
            }
            if step.tf_adjustment != 0.0 {
                write!(f, ", tf {:+.2}", step.tf_adjustment)?;
            }
        }
        write!(f, "; total {:+.2}, probability {:.4}", self.total, self.probability)
    }
}
