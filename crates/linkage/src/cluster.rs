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
//!    person weakly, and links to a full name only when nothing else on the lists competes for
//!    it. Full-name records are clustered first (steps 1-2). A weak record claims the clusters of
//!    the full-name records it has edges to, and (when the settings allow) of those it has soft
//!    pairs with: pairs short of the threshold with enough evidence (a Bayes factor of so many
//!    bits, nothing against them, the surname agreeing), since an initial that fits and a surname
//!    that agrees say little alone, but much when no one else fits. A claim on a cluster falls
//!    when some member of it contradicts the weak record (a father's initial that does not fit
//!    that member's patronymic, a birth year); of the rest, the best cluster wins only when every
//!    other claim is at least `COMPETE_MARGIN` bits weaker, else the record stays unlinked
//!    (counted as ambiguous). Weak records claiming one cluster are rivals when they come from one
//!    list (a list does not name one person twice by initials) or have no edge between them: the
//!    strongest claim wins by a clear margin, or none does. Last, edges between weak records of
//!    different lists merge them (never through an ambiguous one, never two weak records of one
//!    list, never two full-name people through them).
//! 4. Sparse full names: a full-name record still alone (a media line with a name and nothing
//!    else) claims a person through a pair short of the threshold whose names agree (the same in
//!    any spelling or one typing error apart), with enough evidence and nothing against it (the
//!    settings' `sparse_weight`): a name alone is common enough that the prior across lists
//!    keeps it under the threshold, yet when exactly one person on the lists fits it, that
//!    person is the likely one. The claim is the reverse of
//!    the initials rule's contest: it wins only when every other person the record has a scored
//!    pair with is `COMPETE_MARGIN` bits weaker and no member of the person contradicts it;
//!    claims of one list's records on one person are rivals (not when one file is deduplicated:
//!    it names people several times, and its pairs are all of one source). The claimant is alone, so a claim
//!    never bridges two people; a claim on another claimant stands only when it is mutual (two
//!    records alone that fit each other best), so claims never chain. Records named by initials
//!    do not compete here (they may be the same person as both).
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
    /// A weak record does not join a cluster with a member whose contradiction with it is at or
    /// below this (in bits): a different father's initial or birth year, not a missing value.
    pub(crate) member_veto: f64,
    /// The contradiction of any pair of records: the sum of its negative comparison weights.
    pub(crate) contradiction: &'a (dyn Fn(u32, u32) -> f64 + Sync),
    /// Whether any pair of records scores at or above the threshold.
    pub(crate) is_edge: &'a (dyn Fn(u32, u32) -> bool + Sync),
    /// Candidate pairs at or below the veto (used for large clusters).
    pub(crate) negatives: &'a [(u32, u32)],
    /// Pairs below the threshold between a weak and a full-name record with enough evidence for
    /// the weak one to claim the other's cluster (none vetoed), with their weights.
    pub(crate) soft: &'a [(f64, u32, u32)],
    /// Pairs below the threshold between full-name records of two sources with enough evidence
    /// for a record still alone to claim the other's person (step 4), with their weights.
    pub(crate) sparse: &'a [(f64, u32, u32)],
    /// Whether sparse claims of one source's records on one person are rivals (step 4): lists of
    /// the dead seldom name one person twice, a single file being deduplicated often does.
    pub(crate) sparse_rivals_in_source: bool,
    /// Every scored pair of the records in `sparse` (weight, records): a sparse claim competes
    /// with all of them.
    pub(crate) scored: &'a [(f64, u32, u32)],
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

/// Bits by which a weak record's claim on one person must beat its claim on any other: a
/// competitor four times less likely leaves the choice to the evidence, a closer one to a reviewer.
pub(crate) const COMPETE_MARGIN: f64 = 2.0;

/// A weak record is checked against every member of a cluster up to this size (larger clusters:
/// against the records it is linked to only, which scoring checked).
const MAX_MEMBERS_CHECKED: usize = 64;

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

/// Where a weak record may go.
#[derive(Debug, PartialEq)]
enum Choice {
    /// Nowhere: no claim.
    None,
    /// Nowhere: two or more people compete for it.
    Ambiguous,
    /// To this cluster (root), with its best weight.
    Cluster(u32, f64),
}

/// The cluster a weak record claims (step 3 of the rule): the clusters of the full-name records
/// it is linked to, each with its best weight, less those with a member that contradicts it (the
/// claim is on the person, and a cluster's other records know more of him: a father's initial
/// that does not fit the patronymic of one of them, a birth year); then the best cluster when no
/// other is within `COMPETE_MARGIN` bits of it.
fn choose_cluster(forest: &mut Forest<'_>, w: u32, targets: &[(f64, u32)]) -> Choice {
    if targets.is_empty() {
        return Choice::None;
    }
    let mut by_root: Vec<(u32, f64)> = targets.iter().map(|&(weight, t)| (forest.find(t), weight)).collect();
    by_root.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    by_root.dedup_by_key(|a| a.0);
    let input = forest.input;
    by_root.retain(|&(root, _)| {
        let members = forest.members(root);
        members.len() > MAX_MEMBERS_CHECKED
            || !members.iter().any(|&m| (input.contradiction)(w.min(m), w.max(m)) <= input.member_veto)
    });
    by_root.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    match by_root[..] {
        [] => Choice::None,
        [(root, best)] => Choice::Cluster(root, best),
        [(root, best), (_, next), ..] if best - next >= COMPETE_MARGIN => Choice::Cluster(root, best),
        _ => Choice::Ambiguous,
    }
}

/// Step 4: full-name records still alone claim the one person that fits them; the number left
/// unlinked because two people (or rival claims) competed.
fn claim_sparse(forest: &mut Forest<'_>, input: &ClusterInput<'_>) -> u32 {
    let n = input.source_of.len();
    // Claimants: full-name records alone after steps 1-3, with a sparse pair.
    let mut claimant = vec![false; n];
    for &(_, x, y) in input.sparse {
        for r in [x, y] {
            let root = forest.find(r);
            if !input.weak[r as usize] && forest.size[root as usize] == 1 {
                claimant[r as usize] = true;
            }
        }
    }
    // Each claimant's scored pairs with full-name records: the people it fits, its own claims
    // among them. A record named by initials is no rival: it may be the same person as both
    // (step 3 placed it, or left it alone as ambiguous).
    let mut fits: Vec<Vec<(f64, u32)>> = vec![Vec::new(); n];
    for &(weight, x, y) in input.scored {
        if claimant[x as usize] && !input.weak[y as usize] {
            fits[x as usize].push((weight, y));
        }
        if claimant[y as usize] && !input.weak[x as usize] {
            fits[y as usize].push((weight, x));
        }
    }
    let mut sparse_of: Vec<Vec<u32>> = vec![Vec::new(); n];
    for &(_, x, y) in input.sparse {
        sparse_of[x as usize].push(y);
        sparse_of[y as usize].push(x);
    }
    // (claimant, the record whose person it claims, weight)
    let mut choice: Vec<Option<(u32, f64)>> = vec![None; n];
    let mut n_ambiguous = 0;
    for x in 0..n as u32 {
        if !claimant[x as usize] {
            continue;
        }
        // Best weight per person (cluster root), with the record that carries it.
        let mut by_root: Vec<(u32, f64, u32)> =
            fits[x as usize].iter().map(|&(weight, t)| (forest.find(t), weight, t)).collect();
        by_root.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
        by_root.dedup_by_key(|a| a.0);
        let input = forest.input;
        by_root.retain(|&(root, _, _)| {
            let members = forest.members(root);
            members.len() > MAX_MEMBERS_CHECKED
                || !members.iter().any(|&m| (input.contradiction)(x.min(m), x.max(m)) <= input.member_veto)
        });
        by_root.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let best = match by_root[..] {
            [] => continue,
            [best] => best,
            [best, (_, next, _), ..] if best.1 - next >= COMPETE_MARGIN => best,
            _ => {
                n_ambiguous += 1;
                continue;
            }
        };
        // The best must be a sparse pair (a stronger pair that is no claim, an edge refused by a
        // veto, leaves the record alone).
        if sparse_of[x as usize].contains(&best.2) {
            choice[x as usize] = Some((best.2, best.1));
        }
    }
    // A claim on another claimant stands only when that one claims it back: claims never chain.
    let mut claims: Vec<(u32, u32, f64)> = Vec::new();
    for x in 0..n as u32 {
        let Some((t, weight)) = choice[x as usize] else { continue };
        if claimant[t as usize] && choice[t as usize].map(|c| c.0) != Some(x) {
            continue;
        }
        claims.push((forest.find(t), x, weight));
    }
    claims.sort_unstable_by_key(|a| (a.0, a.1));
    let mut merges = Vec::new();
    for group in claims.chunk_by(|a, b| a.0 == b.0) {
        // One list's two records claiming one person are two people, unless one is much better.
        let mut by_weight: Vec<&(u32, u32, f64)> = group.iter().collect();
        by_weight.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.1.cmp(&b.1)));
        for (i, &&(root, x, weight)) in by_weight.iter().enumerate() {
            let beaten = by_weight.iter().enumerate().any(|(j, &&(_, y, other))| {
                j != i
                    && input.sparse_rivals_in_source
                    && input.source_of[x as usize] == input.source_of[y as usize]
                    && other > weight - RIVAL_MARGIN
            });
            if beaten {
                n_ambiguous += 1;
            } else {
                merges.push((x, root));
            }
        }
    }
    for (x, root) in merges {
        forest.merge(x, root);
    }
    n_ambiguous
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
        // Each weak record's claims on full-name records: its edges and its soft pairs alike (a
        // soft pair to another person competes with an edge as much as it would claim alone).
        let mut to_full: Vec<Vec<(f64, u32)>> = vec![Vec::new(); n];
        for &(weight, x, y) in edges.iter().chain(input.soft) {
            match (weak(x), weak(y)) {
                (true, false) => to_full[x as usize].push((weight, y)),
                (false, true) => to_full[y as usize].push((weight, x)),
                _ => {}
            }
        }
        let mut ambiguous = vec![false; n];
        // (cluster root, weak record, its best weight) for every weak record with one cluster.
        let mut claims: Vec<(u32, u32, f64)> = Vec::new();
        for w in 0..n as u32 {
            match choose_cluster(&mut forest, w, &to_full[w as usize]) {
                Choice::None => {}
                Choice::Ambiguous => ambiguous[w as usize] = true,
                Choice::Cluster(root, best) => claims.push((root, w, best)),
            }
        }
        claims.sort_unstable_by_key(|a| (a.0, a.1));
        for group in claims.chunk_by(|a, b| a.0 == b.0) {
            // Two weak records of one list are two people (a list does not name one person
            // twice by initials); of two lists, they are rivals unless they link to each other.
            let rivals = |v: u32, w: u32| {
                input.source_of[v as usize] == input.source_of[w as usize] || !(input.is_edge)(v.min(w), v.max(w))
            };
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
            if ambiguous[x as usize] || ambiguous[y as usize] {
                continue;
            }
            // Not even through a third list's record: no cluster holds one list's two weak records;
            // and weak records that joined two full-name people do not bring them together.
            let (a, b) = (forest.find(x), forest.find(y));
            let weak_sources = |root: u32, forest: &Forest<'_>| -> (Vec<u32>, bool) {
                let members = forest.members(root);
                let has_full = members.iter().any(|&r| !weak(r));
                (members.into_iter().filter(|&r| weak(r)).map(|r| input.source_of[r as usize]).collect(), has_full)
            };
            let ((sa, full_a), (sb, full_b)) = (weak_sources(a, &forest), weak_sources(b, &forest));
            if a != b && !(full_a && full_b) && !sa.iter().any(|s| sb.contains(s)) {
                forest.merge(x, y);
            }
        }
    }
    if initials_rule && !input.sparse.is_empty() {
        n_ambiguous += claim_sparse(&mut forest, input);
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

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// A small world: records `name:source[:weak]`, scored pairs `a-b weight` (bits, prior
    /// included; the threshold is 0 bits), soft pairs `a~b weight`, sparse pairs `a=b weight`,
    /// and contradictions `a!b bits` (pairs not named contradict by nothing).
    struct World {
        names: Vec<String>,
        source_of: Vec<u32>,
        weak: Vec<bool>,
        edges: Vec<(f64, u32, u32)>,
        soft: Vec<(f64, u32, u32)>,
        sparse: Vec<(f64, u32, u32)>,
        scores: HashMap<(u32, u32), f64>,
        contradictions: HashMap<(u32, u32), f64>,
    }

    fn world(records: &str, pairs: &str) -> World {
        let mut w = World {
            names: Vec::new(),
            source_of: Vec::new(),
            weak: Vec::new(),
            edges: Vec::new(),
            soft: Vec::new(),
            sparse: Vec::new(),
            scores: HashMap::new(),
            contradictions: HashMap::new(),
        };
        let mut sources: Vec<String> = Vec::new();
        for record in records.split_whitespace() {
            let mut parts = record.split(':');
            w.names.push(parts.next().unwrap().to_owned());
            let source = parts.next().unwrap().to_owned();
            let s = sources.iter().position(|x| *x == source).unwrap_or_else(|| {
                sources.push(source);
                sources.len() - 1
            });
            w.source_of.push(s as u32);
            w.weak.push(parts.next() == Some("weak"));
        }
        let index = |name: &str| w.names.iter().position(|n| n == name).expect(name) as u32;
        for pair in pairs.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (ends, value) = pair.split_once(' ').unwrap();
            let value: f64 = value.trim().parse().unwrap();
            let sep = ends.find(['-', '~', '=', '!']).unwrap();
            let (a, b) = (index(&ends[..sep]), index(&ends[sep + 1..]));
            let key = (a.min(b), a.max(b));
            match &ends[sep..=sep] {
                "-" => {
                    w.scores.insert(key, value);
                    if value >= 0.0 {
                        w.edges.push((value, key.0, key.1));
                    }
                }
                "~" => {
                    w.scores.insert(key, value);
                    w.soft.push((value, key.0, key.1));
                }
                "=" => {
                    w.scores.insert(key, value);
                    w.sparse.push((value, key.0, key.1));
                }
                _ => {
                    w.contradictions.insert(key, value);
                }
            }
        }
        w
    }

    fn run(w: &World) -> Clusters {
        run_with(w, true)
    }

    fn run_with(w: &World, sparse_rivals_in_source: bool) -> Clusters {
        let contradiction = |x: u32, y: u32| *w.contradictions.get(&(x.min(y), x.max(y))).unwrap_or(&0.0);
        let is_edge = |x: u32, y: u32| w.scores.get(&(x.min(y), x.max(y))).is_some_and(|s| *s >= 0.0);
        let negatives: Vec<(u32, u32)> =
            w.contradictions.iter().filter(|(_, c)| **c <= -8.0).map(|(k, _)| *k).collect();
        let unique = vec![false; 8];
        let scored: Vec<(f64, u32, u32)> = w.scores.iter().map(|(k, s)| (*s, k.0, k.1)).collect();
        let input = ClusterInput {
            source_of: &w.source_of,
            unique_source: &unique,
            weak: &w.weak,
            veto: -8.0,
            member_veto: -4.0,
            contradiction: &contradiction,
            is_edge: &is_edge,
            negatives: &negatives,
            soft: &w.soft,
            sparse: &w.sparse,
            sparse_rivals_in_source,
            scored: &scored,
        };
        cluster(&input, w.edges.clone(), true)
    }

    /// The clusters of two or more records, by name, then the ambiguous count.
    #[track_caller]
    fn check(records: &str, pairs: &str, expect: Expect) {
        check_with(records, pairs, true, expect);
    }

    /// As `check`, saying whether sparse claims of one source's records are rivals.
    #[track_caller]
    fn check_with(records: &str, pairs: &str, sparse_rivals_in_source: bool, expect: Expect) {
        let w = world(records, pairs);
        let clusters = run_with(&w, sparse_rivals_in_source);
        let mut groups: Vec<Vec<&str>> = vec![Vec::new(); clusters.n_clusters as usize];
        for (r, &c) in clusters.cluster_of.iter().enumerate() {
            groups[c as usize].push(&w.names[r]);
        }
        let mut lines: Vec<String> = groups.iter().filter(|g| g.len() > 1).map(|g| g.join(" ")).collect();
        lines.push(format!("{} ambiguous", clusters.n_ambiguous));
        expect.assert_eq(&lines.join("\n"));
    }

    #[test]
    fn an_initials_record_joins_the_one_person_that_fits() {
        // Абдирахманов Б.С. and one Бауыржан Абдирахманов (two lists, one person).
        check(
            "bs:official:weak bauyrzhan:ngo b2:media",
            "bs-bauyrzhan 3, bauyrzhan-b2 5",
            expect![[r#"
            bs bauyrzhan b2
            0 ambiguous"#]],
        );
    }

    #[test]
    fn two_people_that_fit_equally_leave_an_initials_record_alone() {
        // Абдирахманов Б.С. fits Бауыржан and Берик Абдирахманов alike.
        check(
            "bs:official:weak bauyrzhan:ngo berik:morgue",
            "bs-bauyrzhan 3, bs-berik 2.5",
            expect![[r#"
            1 ambiguous"#]],
        );
        // A soft pair competes with an edge as an edge does.
        check(
            "bs:official:weak bauyrzhan:ngo berik:morgue",
            "bs-bauyrzhan 1, bs~berik -0.5",
            expect![[r#"
            1 ambiguous"#]],
        );
    }

    #[test]
    fn a_much_better_fit_is_no_competition() {
        // The father's initial fits Бауыржан Серикович's patronymic; Берик gives none: four times
        // and more likely is a choice, not a contest.
        check(
            "bs:official:weak bauyrzhan:morgue berik:ngo",
            "bs-bauyrzhan 5, bs-berik 2.5",
            expect![[r#"
            bs bauyrzhan
            0 ambiguous"#]],
        );
    }

    #[test]
    fn a_cluster_member_that_contradicts_takes_the_claim_away() {
        // Б.С. fits the media's Bauyrzhan, but the morgue's record of that person has the father
        // Калиевич: the initial С does not fit him, so the claim falls.
        check(
            "bs:official:weak media:media morgue:morgue",
            "bs-media 2, media-morgue 6, bs!morgue -5",
            expect![[r#"
                media morgue
                0 ambiguous"#]],
        );
        // Then the other person that fits is no longer contested.
        check(
            "bs:official:weak media:media morgue:morgue berik:ngo",
            "bs-media 2, media-morgue 6, bs!morgue -5, bs-berik 1",
            expect![[r#"
                bs berik
                media morgue
                0 ambiguous"#]],
        );
    }

    #[test]
    fn two_initials_records_of_one_list_are_rivals_even_when_alike() {
        // Оспанов А.А. twice on the official list: two people, whatever their score together.
        check(
            "a1:official:weak a2:official:weak aidos:morgue",
            "a1-aidos 4, a2-aidos 4.5, a1-a2 3",
            expect![[r#"
                2 ambiguous"#]],
        );
        // Unless one fits by a clear margin.
        check(
            "a1:official:weak a2:official:weak aidos:morgue",
            "a1-aidos 1, a2-aidos 4.5, a1-a2 3",
            expect![[r#"
                a2 aidos
                1 ambiguous"#]],
        );
    }

    #[test]
    fn initials_records_of_two_lists_that_link_share_a_person() {
        check(
            "a1:official:weak a2:police:weak aidos:morgue",
            "a1-aidos 4, a2-aidos 4.5, a1-a2 3",
            expect![[r#"
                a1 a2 aidos
                0 ambiguous"#]],
        );
    }

    #[test]
    fn a_full_name_alone_joins_the_one_person_that_fits() {
        // Media `Marat Akhmetov`, nothing else, and one Ахметов Марат Азаматович on the lists
        // (morgue and ngo): short of the threshold, but no one else fits.
        check(
            "media:media morgue:morgue ngo:ngo other:ngo",
            "media=morgue -2.4, morgue-ngo 6, media-other -7",
            expect![[r#"
                media morgue ngo
                0 ambiguous"#]],
        );
        // An initials record that fits both is no rival (it may be the same person as both).
        check(
            "media:media m1:morgue i:official:weak",
            "media=m1 -2.4, i-m1 1, i-media 0.5",
            expect![[r#"
            media m1
            1 ambiguous"#]],
        );
        // Two records alone that fit each other best.
        check(
            "media:media morgue:morgue",
            "media=morgue -2.4",
            expect![[r#"
            media morgue
            0 ambiguous"#]],
        );
    }

    #[test]
    fn a_full_name_alone_that_two_people_fit_joins_neither() {
        // Two Ахметов Марат on the lists, within 2 bits of each other.
        check("media:media m1:morgue m2:ngo", "media=m1 -2.4, media=m2 -3.0", expect!["1 ambiguous"]);
        // A stronger pair that is no claim (an edge refused, say) competes as well.
        check("media:media m1:morgue m2:ngo", "media=m1 -2.4, media-m2 -1.5", expect!["1 ambiguous"]);
        // A member of the person that contradicts the record takes the claim away.
        check(
            "media:media m1:morgue m2:ngo",
            "media=m1 -2.4, m1-m2 6, media!m2 -5",
            expect![[r#"
                m1 m2
                0 ambiguous"#]],
        );
        // One list's two records claiming one person are rivals.
        check(
            "a:media b:media m1:morgue m2:ngo",
            "a=m1 -2.4, b=m1 -2.0, m1-m2 6",
            expect![[r#"
            m1 m2
            2 ambiguous"#]],
        );
    }

    #[test]
    fn one_file_deduplicated_may_name_a_person_several_times() {
        // A single file of many sources' records: two records alone claiming one person both join
        // it, where two records of one list of the dead would be rivals.
        check_with(
            "a:all b:all m1:all m2:all",
            "a=m1 -2.4, b=m1 -2.0, m1-m2 6",
            false,
            expect![[r#"
            a b m1 m2
            0 ambiguous"#]],
        );
    }

    #[test]
    fn full_name_claims_never_chain() {
        // a's best is b, b's best is c: a claim on a claimant stands only when mutual, so only b
        // and c join.
        check(
            "a:media b:ngo c:morgue",
            "a=b -3.5, b=c -1.0, a-c -9",
            expect![[r#"
            b c
            0 ambiguous"#]],
        );
        // A record in a cluster never claims: two people are never bridged.
        check(
            "a1:media a2:ngo b1:morgue b2:police",
            "a1-a2 5, b1-b2 5, a1=b1 -2",
            expect![[r#"
            a1 a2
            b1 b2
            0 ambiguous"#]],
        );
    }

    proptest! {
        /// Whatever the scores: a sparse claim joins a record alone to one person, so no cluster
        /// holds two clusters of two or more records formed without sparse claims.
        #[test]
        fn sparse_claims_never_bridge_people(
            scores in prop::collection::vec((0..6u32, 0..6u32, -4.0..8.0f64, any::<bool>()), 0..20),
        ) {
            let records = "r0:a r1:b r2:a r3:c r4:b r5:c";
            let mut seen = std::collections::HashSet::new();
            let pairs: Vec<String> = scores
                .iter()
                .filter(|(a, b, _, _)| a != b && seen.insert((*a.min(b), *a.max(b))))
                .map(|(a, b, s, sparse)| {
                    let sparse = *sparse && *s < 0.0;
                    format!("r{a}{}r{b} {s:.2}", if sparse { "=" } else { "-" })
                })
                .collect();
            let w = world(records, &pairs.join(", "));
            let clusters = run(&w);
            let without = run(&World { sparse: Vec::new(), ..world(records, &pairs.join(", ")) });
            for c in 0..clusters.n_clusters {
                let mut big: Vec<u32> = (0..6)
                    .filter(|&r| clusters.cluster_of[r] == c)
                    .map(|r| without.cluster_of[r])
                    .filter(|&b| without.cluster_of.iter().filter(|&&x| x == b).count() > 1)
                    .collect();
                big.sort_unstable();
                big.dedup();
                prop_assert!(big.len() <= 1, "{:?} {:?}", clusters, without);
            }
            prop_assert_eq!(run(&w), clusters);
        }
    }

    proptest! {
        /// Whatever the scores: a weak record never bridges two full-name clusters, and no
        /// cluster holds two weak records of one list.
        #[test]
        fn weak_records_never_chain_people(
            scores in prop::collection::vec((0..6u32, 0..6u32, -4.0..8.0f64), 0..20),
            weak in prop::collection::vec(any::<bool>(), 6),
        ) {
            let sources = ["a", "b", "a", "c", "b", "c"];
            let records: Vec<String> = (0..6)
                .map(|r| format!("r{r}:{}{}", sources[r], if weak[r] { ":weak" } else { "" }))
                .collect();
            let mut seen = std::collections::HashSet::new();
            let pairs: Vec<String> = scores
                .iter()
                .filter(|(a, b, _)| a != b && seen.insert((*a.min(b), *a.max(b))))
                .map(|(a, b, s)| format!("r{a}-r{b} {s:.2}"))
                .collect();
            let w = world(&records.join(" "), &pairs.join(", "));
            let clusters = run(&w);
            // The clusters of full-name records alone, by their edges.
            let full: Vec<(f64, u32, u32)> =
                w.edges.iter().copied().filter(|(_, x, y)| !w.weak[*x as usize] && !w.weak[*y as usize]).collect();
            let full_only = run(&World { edges: full, soft: Vec::new(), ..world(&records.join(" "), "") });
            for x in 0..6 {
                for y in x + 1..6 {
                    let together = clusters.cluster_of[x] == clusters.cluster_of[y];
                    if !w.weak[x] && !w.weak[y] {
                        prop_assert_eq!(together, full_only.cluster_of[x] == full_only.cluster_of[y]);
                    }
                    if w.weak[x] && w.weak[y] && w.source_of[x] == w.source_of[y] {
                        prop_assert!(!together);
                    }
                }
            }
            // Deterministic.
            prop_assert_eq!(run(&w), clusters);
        }
    }
}
