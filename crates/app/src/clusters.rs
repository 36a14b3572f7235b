//! Reviewers' decisions applied to clusters of records: "different" is a cannot-link constraint,
//! "same" a must-link one. The engine's clusters are kept wherever no decision touches them.
//!
//! 1. A cluster holding two records decided different is clustered again from its own scored
//!    pairs at or above the threshold (strongest first, ties by record), after its must-links,
//!    refusing every union that would put two records decided different together.
//! 2. Records decided the same are then joined, unless that would put two records decided
//!    different together (a conflict, counted).
//!
//! Pure: records are indices `0..n`; the result is numbered in order of each cluster's first record.

use std::collections::HashMap;

/// What clustering with decisions gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outcome {
    pub(crate) cluster_of: Vec<u32>,
    pub(crate) n_clusters: u32,
    /// Same-person decisions that could not be honoured.
    pub(crate) n_conflicts: u32,
}

/// The input: clusters before decisions, scored pairs (weights in millibits), the threshold, and
/// the decided pairs.
pub(crate) struct Input<'a> {
    pub(crate) initial: &'a [u32],
    pub(crate) edges: &'a [(u32, u32, i64)],
    pub(crate) threshold: i64,
    pub(crate) same: &'a [(u32, u32)],
    pub(crate) different: &'a [(u32, u32)],
}

struct Forest {
    parent: Vec<u32>,
}

impl Forest {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grandparent = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grandparent;
            x = grandparent;
        }
        x
    }

    /// Whether joining the sets of `x` and `y` keeps every different pair apart.
    fn may_join(&mut self, x: u32, y: u32, different: &[(u32, u32)]) -> bool {
        let (rx, ry) = (self.find(x), self.find(y));
        if rx == ry {
            return true;
        }
        different.iter().all(|&(p, q)| {
            let (rp, rq) = (self.find(p), self.find(q));
            !((rp == rx && rq == ry) || (rp == ry && rq == rx))
        })
    }

    fn join(&mut self, x: u32, y: u32) {
        let (rx, ry) = (self.find(x), self.find(y));
        if rx != ry {
            // The smaller index becomes the root, so the result does not depend on input order.
            let (root, child) = if rx < ry { (rx, ry) } else { (ry, rx) };
            self.parent[child as usize] = root;
        }
    }
}

pub(crate) fn apply_decisions(input: &Input<'_>) -> Outcome {
    let n = input.initial.len();
    let mut forest = Forest { parent: (0..n as u32).collect() };
    let cluster = |r: u32| input.initial[r as usize];
    // Clusters that hold a pair decided different are rebuilt; the others stay whole.
    let mut broken: Vec<u32> =
        input.different.iter().filter(|(a, b)| cluster(*a) == cluster(*b)).map(|(a, _)| cluster(*a)).collect();
    broken.sort_unstable();
    broken.dedup();
    let is_broken = |c: u32| broken.binary_search(&c).is_ok();
    let mut first_of: HashMap<u32, u32> = HashMap::new();
    for r in 0..n as u32 {
        if is_broken(cluster(r)) {
            continue;
        }
        match first_of.get(&cluster(r)) {
            Some(&first) => forest.join(first, r),
            None => {
                first_of.insert(cluster(r), r);
            }
        }
    }
    let mut n_conflicts = 0u32;
    for &(a, b) in input.same {
        if is_broken(cluster(a)) && cluster(a) == cluster(b) {
            if forest.may_join(a, b, input.different) {
                forest.join(a, b);
            } else {
                n_conflicts += 1;
            }
        }
    }
    let mut edges: Vec<(i64, u32, u32)> = input
        .edges
        .iter()
        .filter(|(a, b, w)| *w >= input.threshold && cluster(*a) == cluster(*b) && is_broken(cluster(*a)))
        .map(|&(a, b, w)| (w, a.min(b), a.max(b)))
        .collect();
    edges.sort_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    for (_, a, b) in edges {
        if forest.may_join(a, b, input.different) {
            forest.join(a, b);
        }
    }
    for &(a, b) in input.same {
        if forest.find(a) == forest.find(b) {
            continue;
        }
        if forest.may_join(a, b, input.different) {
            forest.join(a, b);
        } else if !(is_broken(cluster(a)) && cluster(a) == cluster(b)) {
            n_conflicts += 1;
        }
    }
    let mut label: HashMap<u32, u32> = HashMap::new();
    let cluster_of = (0..n as u32)
        .map(|r| {
            let root = forest.find(r);
            let next = label.len() as u32;
            *label.entry(root).or_insert(next)
        })
        .collect();
    Outcome { cluster_of, n_clusters: label.len() as u32, n_conflicts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: Input<'_>, expect: (&[u32], u32)) {
        let outcome = apply_decisions(&input);
        assert_eq!((outcome.cluster_of.as_slice(), outcome.n_conflicts), expect);
    }

    #[test]
    fn no_decisions_keep_the_clusters() {
        check(
            Input { initial: &[0, 0, 1, 0], edges: &[], threshold: 0, same: &[], different: &[] },
            (&[0, 0, 1, 0], 0),
        );
    }

    #[test]
    fn a_different_decision_splits_along_the_weakest_link() {
        // 0-1 strong, 1-2 weak, 2-3 strong; 0 and 3 decided different: the weak link goes.
        let edges = [(0, 1, 9000), (1, 2, 1000), (2, 3, 8000)];
        check(
            Input { initial: &[0, 0, 0, 0], edges: &edges, threshold: 0, same: &[], different: &[(0, 3)] },
            (&[0, 0, 1, 1], 0),
        );
    }

    #[test]
    fn records_without_edges_above_the_threshold_stand_alone_after_a_split() {
        let edges = [(0, 1, 9000), (1, 2, -500)];
        check(
            Input { initial: &[0, 0, 0], edges: &edges, threshold: 0, same: &[], different: &[(0, 1)] },
            (&[0, 1, 2], 0),
        );
    }

    #[test]
    fn same_decisions_join_clusters_unless_a_different_one_forbids_it() {
        check(
            Input { initial: &[0, 1, 2, 3], edges: &[], threshold: 0, same: &[(0, 1), (1, 2)], different: &[(0, 2)] },
            (&[0, 0, 1, 2], 1),
        );
    }

    #[test]
    fn a_must_link_inside_a_split_cluster_is_kept() {
        let edges = [(0, 1, 9000), (1, 2, 8000)];
        check(
            Input { initial: &[0, 0, 0], edges: &edges, threshold: 0, same: &[(1, 2)], different: &[(0, 2)] },
            (&[0, 1, 1], 0),
        );
    }
}
