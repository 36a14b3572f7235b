//! Reasons not to trust an estimate, in plain words: too few lists, too sparse a table, chains
//! that disagree, a posterior pressed against a limit, methods far apart.
//!
//! The checks are pure functions of the table and the results, so the command line and the
//! application word the same warnings the same way.

use std::fmt;

use crate::table::CaptureTable;

/// Fewer persons than this make every method fragile.
const FEW_PERSONS: u64 = 50;
/// Split R-hat above this: the chains have not found the same distribution.
const R_HAT_LIMIT: f64 = 1.1;
/// Fewer effective draws than this make the interval's ends unreliable.
const FEW_EFFECTIVE_DRAWS: f64 = 400.0;
/// More posterior mass than this near a limit (the cap on N, the end of a grid) means the limit
/// shapes the answer.
const MASS_NEAR_LIMIT: f64 = 0.01;

/// One reason for caution.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// Two lists or fewer: the estimate rests on an assumption the data cannot check.
    TooFewLists {
        /// Lists in the table.
        n_lists: usize,
    },
    /// A list that names nobody was left out.
    EmptyListDropped {
        /// The list.
        list: String,
    },
    /// Few persons in all.
    FewPersons {
        /// n.
        n_observed: u64,
    },
    /// Most observable patterns have nobody.
    SparseTable {
        /// Patterns with nobody.
        n_empty: usize,
        /// Observable patterns.
        n_patterns: usize,
    },
    /// Pairs of lists that share nobody, so their dependence cannot be estimated.
    NoOverlap {
        /// The pairs, in list order.
        pairs: Vec<(String, String)>,
    },
    /// The chains of the latent-class sampler do not agree.
    ChainsDisagree {
        /// Split R-hat of N.
        r_hat: f64,
    },
    /// Few effective draws of N.
    FewEffectiveDraws {
        /// Effective sample size of N.
        effective_size: f64,
    },
    /// The posterior of N presses on the sampler's cap.
    PressesOnCap {
        /// Share of draws within 10% of the cap.
        share: f64,
        /// The cap on N.
        n_max: u64,
    },
    /// Nearly every latent class is occupied on average: more classes might change the answer.
    ClassesAtLimit {
        /// K.
        n_classes: usize,
    },
    /// The graphical-model grid cuts the posterior short.
    GridEdge {
        /// Posterior mass in the top tenth of the grid.
        share: f64,
    },
    /// The methods' estimates are far apart: the answer depends on the model's assumptions.
    MethodsDisagree {
        /// The lowest estimate.
        low: f64,
        /// The highest.
        high: f64,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::TooFewLists { n_lists } => write!(
                f,
                "only {n_lists} lists: the estimate assumes the lists are independent, which cannot be checked with so few"
            ),
            Warning::EmptyListDropped { list } => write!(f, "list {list} names nobody and was left out"),
            Warning::FewPersons { n_observed } => {
                write!(f, "only {n_observed} persons are on any list: every estimate is fragile")
            }
            Warning::SparseTable { n_empty, n_patterns } => write!(
                f,
                "the table is sparse: {n_empty} of {n_patterns} combinations of lists have nobody, so the models rest on little overlap"
            ),
            Warning::NoOverlap { pairs } => match pairs.as_slice() {
                [(a, b)] => {
                    write!(f, "lists {a} and {b} share nobody: how they depend on each other cannot be estimated")
                }
                _ => {
                    let shown: Vec<String> = pairs.iter().take(4).map(|(a, b)| format!("{a} and {b}")).collect();
                    let more = if pairs.len() > 4 { ", ..." } else { "" };
                    write!(
                        f,
                        "{} pairs of lists share nobody ({}{more}): how the lists of each pair depend on each other cannot be estimated",
                        pairs.len(),
                        shown.join(", ")
                    )
                }
            },
            Warning::ChainsDisagree { r_hat } => write!(
                f,
                "the latent-class chains do not agree (R-hat {r_hat:.2}): run more iterations before trusting this estimate"
            ),
            Warning::FewEffectiveDraws { effective_size } => write!(
                f,
                "the latent-class sampler gave only {effective_size:.0} effective draws: the interval's ends are uncertain; run more iterations"
            ),
            Warning::PressesOnCap { share, n_max } => write!(
                f,
                "{:.0}% of the latent-class draws lie near the cap of {}: the data hardly limit the estimate from above",
                share * 100.0,
                thousands(*n_max as f64)
            ),
            Warning::ClassesAtLimit { n_classes } => {
                write!(f, "nearly all {n_classes} latent classes are in use: try more classes")
            }
            Warning::GridEdge { share } => write!(
                f,
                "{:.1}% of the graphical-model posterior lies at the end of its grid: the upper end is cut short",
                share * 100.0
            ),
            Warning::MethodsDisagree { low, high } => write!(
                f,
                "the methods disagree ({} to {}): the answer depends on assumptions about how the lists overlap",
                thousands(*low),
                thousands(*high)
            ),
        }
    }
}

/// A count rounded to a whole person, thousands separated by commas.
pub fn thousands(value: f64) -> String {
    if !value.is_finite() {
        return "infinity".to_owned();
    }
    let digits = format!("{:.0}", value.abs().round());
    let mut out = String::new();
    for (index, c) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value <= -0.5 { format!("-{out}") } else { out }
}

/// Warnings about the table itself.
pub fn table_warnings(table: &CaptureTable) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let n_lists = table.n_lists();
    if n_lists <= 2 {
        warnings.push(Warning::TooFewLists { n_lists });
    }
    if table.n_observed() < FEW_PERSONS {
        warnings.push(Warning::FewPersons { n_observed: table.n_observed() });
    }
    let n_patterns = (1usize << n_lists) - 1;
    let n_empty = table.n_empty_patterns();
    if n_lists >= 3 && n_empty * 2 > n_patterns {
        warnings.push(Warning::SparseTable { n_empty, n_patterns });
    }
    let pairs: Vec<(String, String)> = (0..n_lists)
        .flat_map(|a| (a + 1..n_lists).map(move |b| (a, b)))
        .filter(|(a, b)| table.overlap(*a, *b) == 0)
        .map(|(a, b)| (table.lists()[a].clone(), table.lists()[b].clone()))
        .collect();
    if !pairs.is_empty() {
        warnings.push(Warning::NoOverlap { pairs });
    }
    warnings
}

/// Warnings about a latent-class run.
pub fn lcmcr_warnings(summary: &crate::lcmcr::LcmcrSummary, n_classes: usize, n_max: u64) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if let Some(r_hat) = summary.r_hat.filter(|r| !(*r <= R_HAT_LIMIT)) {
        warnings.push(Warning::ChainsDisagree { r_hat });
    }
    if summary.effective_size < FEW_EFFECTIVE_DRAWS {
        warnings.push(Warning::FewEffectiveDraws { effective_size: summary.effective_size });
    }
    if summary.share_near_cap > MASS_NEAR_LIMIT {
        warnings.push(Warning::PressesOnCap { share: summary.share_near_cap, n_max });
    }
    if summary.mean_occupied > n_classes as f64 - 1.0 && n_classes > 1 {
        warnings.push(Warning::ClassesAtLimit { n_classes });
    }
    warnings
}

/// Warnings about a graphical-model posterior.
pub fn dga_warnings(posterior: &crate::dga::DgaPosterior) -> Vec<Warning> {
    let share = posterior.share_near_grid_edge();
    if share > MASS_NEAR_LIMIT { vec![Warning::GridEdge { share }] } else { Vec::new() }
}

/// A warning when the methods' estimates differ by more than a fifth of the lowest (the identifying
/// assumption moves N by 20-40% on the reference data sets).
pub fn agreement_warning(estimates: &[f64]) -> Option<Warning> {
    let low = estimates.iter().copied().fold(f64::INFINITY, f64::min);
    let high = estimates.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (estimates.len() >= 2 && high > 1.2 * low).then_some(Warning::MethodsDisagree { low, high })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_written_with_thousands_separated() {
        assert_eq!(thousands(10_356.5), "10,357");
        assert_eq!(thousands(999.4), "999");
        assert_eq!(thousands(1_234_567.0), "1,234,567");
        assert_eq!(thousands(f64::INFINITY), "infinity");
    }

    #[test]
    fn lists_that_share_nobody_are_named_once() {
        let table = CaptureTable::new(vec!["a".into(), "b".into(), "c".into()], &[5, 4, 0, 3, 1, 0, 0]).unwrap();
        let text: Vec<String> = table_warnings(&table).iter().map(ToString::to_string).collect();
        assert!(text.contains(&"2 pairs of lists share nobody (a and b, b and c): how the lists of each pair depend on each other cannot be estimated".to_owned()), "{text:?}");
    }
}
