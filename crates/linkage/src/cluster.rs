//! Clustering scored pairs into people, without chaining unrelated people through weak links.
//!
//! The rule:
//!
//! 1. Edges are the pairs at or above the threshold, taken in descending order of match weight
//!    (ties by record indices, so the result never depends on thread count or input order of
//!    pairs). Each edge merges the two records' clusters (union-find) unless the merge is refused.
//! 2. A merge is refused when it would put two records of one *unique* source into one cluster
//!    (every source in link-only mode, and sources the settings name), or when some pair across the
//!    two clusters carries strong evidence of two people: a Bayes factor (match weight without the
//!    prior) at or below the veto. Cross pairs are scored on the spot, whether or not blocking
//!    generated them; for two large clusters only the candidate pairs are checked.
//! 3. Initials: a record whose given name is only an initial (`Серикбаев Е.С.`) identifies its
//!    person weakly. Full-name records are clustered first (steps 1-2); then each weak record
//!    joins a cluster only when all its edges to full-name records lead to one cluster: two
//!    distinct full-name people above the threshold make it ambiguous, and it stays unlinked
//!    (counted). When the settings allow, pairs short of the threshold with enough evidence (a
//!    Bayes factor of so many bits, nothing contradicting) count as such edges too: an initial
//!    that fits and a surname that agrees say little alone, but much when no one else fits. Two
//!    weak records claiming one cluster without an edge between them are rivals: the stronger
//!    claim wins by a clear margin, or neither links. Last, edges between weak records of
//!    different sources merge them (never through an ambiguous one): a list does not name one
//!    person twice by initials.
//!
//! Cluster ids are numbered in order of each cluster's first record.

/// What clustering needs besides the edges.
pub(crate) struct ClusterInput<'a> {
    pub(crate) source_of: &'a [u32],
    /// Per source: whether it holds each person at most once.
    pub(crate) unique_source: &'a [bool],
    /// Per record: whether its name identifies weakly (the initials rule applies to it).
    pub(crate) weak: &'a [bool],
    /// Contradiction at or below this (in bits) vetoes a merge.
    pub(crate) veto: f64,
    /// The contradiction of any pair of records: the sum of its negative comparison weights.
    pub(crate) contradiction: &'a (dyn Fn(u32, u32) -> f64 + Sync),
    /// Whether any pair of records scores at or above the threshold.
    pub(crate) is_edge: &'a (dyn Fn(u32, u32) -> bool + Sync),
    /// Candidate pairs at or below the veto (used for large clusters).
    pub(crate) negatives: &'a [(u32, u32)],
    /// Pairs below the threshold between a weak and a full-name record with enough evidence for
    /// the weak one to claim the other's cluster (none vetoed), with their weights.
    pub(crate) soft: &'a [(f64, u32, u32)],
}

/// The clusters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clusters {
    /// The cluster id of each record (records numbered source by source).
    pub cluster_of: Vec<u32>,
    /// How many clusters there are.
    pub n_clusters: u32,
    /// Weak records left unlinked because two or more people competed for them.
    pub n_ambiguous: u32,
    /// Merges refused (unique sources or veto).
    pub n_refused: u32,
}

/// Bits by which the strongest of rival weak claims on one cluster must beat the next to win.
const RIVAL_MARGIN: f64 = 2.0;

/// Cross pairs scored directly when the clusters are at most this large together.
const MAX_CROSS_PAIRS: usize = 4096;

struct Forest<'a> {
    parent: Vec<u32>,
    size: Vec<u32>,
    /// Circular lists of members: `next[r]` is the record after `r` in its cluster.
    next: Vec<u32>,
    /// Per root: the unique sources in the cluster (sorted), empty unless any.
    sources: Vec<Vec<u32>>,
    input: &'a ClusterInput<'a>,
    /// Per record: candidate pairs at or below the veto.
    negative_starts: Vec<u32>,
    negative_targets: Vec<u32>,
    n_refused: u32,
}

impl<'a> Forest<'a> {
    fn new(input: &'a ClusterInput<'a>) -> Forest<'a> {
        let n = input.source_of.len();
        let sources = (0..n)
            .map(|r| {
                let s = input.source_of[r];
                if input.unique_source[s as usize] { vec![s] } else { Vec::new() }
            })
            .collect();
        let mut degree = vec![0u32; n + 1];
        for &(x, y) in input.negatives {
            degree[x as usize] += 1;
            degree[y as usize] += 1;
        }
        let mut negative_starts = vec![0u32; n + 1];
        for r in 0..n {
            negative_starts[r + 1] = negative_starts[r] + degree[r];
        }
        let mut fill = negative_starts.clone();
        let mut negative_targets = vec![0u32; input.negatives.len() * 2];
        for &(x, y) in input.negatives {
            negative_targets[fill[x as usize] as usize] = y;
            fill[x as usize] += 1;
            negative_targets[fill[y as usize] as usize] = x;
            fill[y as usize] += 1;
        }
        Forest {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
            next: (0..n as u32).collect(),
            sources,
            input,
            negative_starts,
            negative_targets,
            n_refused: 0,
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    fn members(&self, root: u32) -> Vec<u32> {
        let mut out = vec![root];
        let mut r = self.next[root as usize];
        while r != root {
            out.push(r);
            r = self.next[r as usize];
        }
        out
    }

    fn allowed(&mut self, a: u32, b: u32) -> bool {
        let (sa, sb) = (&self.sources[a as usize], &self.sources[b as usize]);
        if sa.iter().any(|s| sb.binary_search(s).is_ok()) {
            return false;
        }
        let (ma, mb) = (self.members(a), self.members(b));
        if ma.len() * mb.len() <= MAX_CROSS_PAIRS {
            return !ma.iter().any(|&x| mb.iter().any(|&y| (self.input.contradiction)(x, y) <= self.input.veto));
        }
        let (small, other) = if ma.len() <= mb.len() { (ma, b) } else { (mb, a) };
        for x in small {
            let range = self.negative_starts[x as usize] as usize..self.negative_starts[x as usize + 1] as usize;
            for k in range {
                let y = self.negative_targets[k];
                if self.find(y) == other {
                    return false;
                }
            }
        }
        true
    }

    /// Merges the clusters of `x` and `y` unless refused; whether they are together afterwards.
    fn merge(&mut self, x: u32, y: u32) -> bool {
        let (a, b) = (self.find(x), self.find(y));
        if a == b {
            return true;
        }
        if !self.allowed(a, b) {
            self.n_refused += 1;
            return false;
        }
        let (big, small) = if self.size[a as usize] >= self.size[b as usize] { (a, b) } else { (b, a) };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
        self.next.swap(big as usize, small as usize);
        let moved = std::mem::take(&mut self.sources[small as usize]);
        if !moved.is_empty() {
            let target = &mut self.sources[big as usize];
            target.extend(moved);
            target.sort_unstable();
        }
        true
    }
}

/// Clusters records given the edges at or above the threshold (any order).
pub(crate) fn cluster(input: &ClusterInput<'_>, mut edges: Vec<(f64, u32, u32)>, initials_rule: bool) -> Clusters {
    edges.sort_unstable_by(|p, q| q.0.total_cmp(&p.0).then((p.1, p.2).cmp(&(q.1, q.2))));
    let mut forest = Forest::new(input);
    let n = input.source_of.len();
    let mut n_ambiguous = 0;
    if !initials_rule {
        for &(_, x, y) in &edges {
            forest.merge(x, y);
        }
    } else {
        let weak = |r: u32| input.weak[r as usize];
        for &(_, x, y) in edges.iter().filter(|(_, x, y)| !weak(*x) && !weak(*y)) {
            forest.merge(x, y);
        }
        // Each weak record's edges (and soft pairs) to full-name records, with their weights.
        let mut to_full: Vec<Vec<(f64, u32)>> = vec![Vec::new(); n];
        let add = |edges: &[(f64, u32, u32)], only_new: bool, to_full: &mut Vec<Vec<(f64, u32)>>| {
            let strong: Vec<bool> = to_full.iter().map(|t| !t.is_empty()).collect();
            for &(weight, x, y) in edges {
                let (w, full) = match (weak(x), weak(y)) {
                    (true, false) => (x, y),
                    (false, true) => (y, x),
                    _ => continue,
                };
                if !(only_new && strong[w as usize]) {
                    to_full[w as usize].push((weight, full));
                }
            }
        };
        add(&edges, false, &mut to_full);
        // Soft pairs speak only for weak records without an edge.
        add(input.soft, true, &mut to_full);
        let mut ambiguous = vec![false; n];
        // (cluster root, weak record, its best weight) for every weak record with one cluster.
        let mut claims: Vec<(u32, u32, f64)> = Vec::new();
        for w in 0..n as u32 {
            let targets = &to_full[w as usize];
            if targets.is_empty() {
                continue;
            }
            let mut roots: Vec<u32> = targets.iter().map(|&(_, t)| forest.find(t)).collect();
            roots.sort_unstable();
            roots.dedup();
            if roots.len() > 1 {
                ambiguous[w as usize] = true;
            } else {
                let best = targets.iter().map(|t| t.0).fold(f64::NEG_INFINITY, f64::max);
                claims.push((roots[0], w, best));
            }
        }
        claims.sort_unstable_by_key(|a| (a.0, a.1));
        for group in claims.chunk_by(|a, b| a.0 == b.0) {
            let rivals = |v: u32, w: u32| !(input.is_edge)(v.min(w), v.max(w));
            let contested =
                group.iter().enumerate().any(|(i, &(_, v, _))| group[i + 1..].iter().any(|&(_, w, _)| rivals(v, w)));
            // Rivals: the strongest claim wins by a clear margin, or none does.
            let winner = if contested {
                let mut by_weight: Vec<&(u32, u32, f64)> = group.iter().collect();
                by_weight.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.1.cmp(&b.1)));
                let (top, next) = (by_weight[0], by_weight[1]);
                (top.2 - next.2 >= RIVAL_MARGIN).then_some(top.1)
            } else {
                None
            };
            for &(root, w, _) in group {
                if contested && winner != Some(w) {
                    ambiguous[w as usize] = true;
                } else {
                    forest.merge(w, root);
                }
            }
        }
        n_ambiguous = ambiguous.iter().filter(|a| **a).count() as u32;
        for &(_, x, y) in edges.iter().filter(|(_, x, y)| weak(*x) && weak(*y)) {
            let same_source = input.source_of[x as usize] == input.source_of[y as usize];
            if !ambiguous[x as usize] && !ambiguous[y as usize] && !same_source {
                forest.merge(x, y);
            }
        }
    }
    let mut cluster_of = vec![u32::MAX; n];
    let mut id_of_root = vec![u32::MAX; n];
    let mut n_clusters = 0;
    for r in 0..n as u32 {
        let root = forest.find(r);
        if id_of_root[root as usize] == u32::MAX {
            id_of_root[root as usize] = n_clusters;
            n_clusters += 1;
        }
        cluster_of[r as usize] = id_of_root[root as usize];
    }
    Clusters { cluster_of, n_clusters, n_ambiguous, n_refused: forest.n_refused }
}
