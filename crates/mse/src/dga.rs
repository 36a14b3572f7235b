//! Bayesian model averaging over decomposable graphical models (Madigan and York 1997), as R's
//! dga computes it, for 2 to 5 lists.
//!
//! Each decomposable graph on the lists is a model of their dependence. Under a graph, the full
//! table (the unobserved cell holding N - n) is multinomial with a hyper-Dirichlet prior of
//! parameter δ per cell, so each clique's margin has a Dirichlet prior of δ·2^(J - |C|) per
//! margin cell and the marginal likelihood factorises over cliques and separators. With the prior
//! p(N) ∝ 1/N, the posterior of (graph, N) is computed exactly on a grid of N (by default the
//! unobserved count from 0 to 10 n, dga's default), and the graphs are averaged by their
//! posterior weight (a uniform prior over graphs).

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::random::ln_gamma;
use crate::table::CaptureTable;

/// The most lists handled (822 decomposable graphs on 5 lists).
pub const MAX_LISTS: usize = 5;

/// Graphs whose posteriors are summed in one piece of work (see `estimate`).
const GRAPHS_PER_CHUNK: usize = 32;

/// Settings of the model averaging.
#[derive(Debug, Clone, PartialEq)]
pub struct DgaConfig {
    /// δ, the hyper-Dirichlet parameter per cell of the full table; `None` for dga's 2^-J.
    pub delta: Option<f64>,
    /// The largest unobserved count on the grid, as a multiple of n (dga's default: 10).
    pub grid_factor: u64,
}

impl DgaConfig {
    /// dga's usual settings: δ = 2^-J, unobserved count from 0 to 10 n.
    pub fn standard() -> DgaConfig {
        DgaConfig { delta: None, grid_factor: 10 }
    }
}

/// A decomposable graph by its cliques and separators (bit sets over the lists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graph {
    n_lists: usize,
    cliques: Vec<u32>,
    // Invariant: the separators of a junction tree of `cliques` (empty ones left out).
    separators: Vec<u32>,
}

impl Graph {
    /// The maximal cliques.
    pub fn cliques(&self) -> &[u32] {
        &self.cliques
    }

    /// The non-empty separators of a junction tree, with multiplicity.
    pub fn separators(&self) -> &[u32] {
        &self.separators
    }

    /// The cliques in bracket notation, e.g. `[123,134]` (lists numbered from 1).
    pub fn name(&self) -> String {
        let mut parts: Vec<(u32, String)> = self
            .cliques
            .iter()
            .map(|clique| {
                let text: String =
                    (0..self.n_lists).filter(|j| clique >> j & 1 == 1).map(|j| (j + 1).to_string()).collect();
                (if clique.count_ones() == 1 { 1 } else { 0 }, text)
            })
            .collect();
        parts.sort();
        format!("[{}]", parts.into_iter().map(|(_, text)| text).collect::<Vec<_>>().join(","))
    }
}

/// Every decomposable (chordal) graph on `n_lists` vertices.
pub fn decomposable_graphs(n_lists: usize) -> Vec<Graph> {
    let pairs: Vec<(usize, usize)> = (0..n_lists).flat_map(|a| (a + 1..n_lists).map(move |b| (a, b))).collect();
    let mut graphs = Vec::new();
    for subset in 0u64..1 << pairs.len() {
        let mut adjacency = vec![0u32; n_lists];
        let edges: Vec<(usize, usize)> = (0..pairs.len()).filter(|i| subset >> i & 1 == 1).map(|i| pairs[i]).collect();
        for (a, b) in &edges {
            adjacency[*a] |= 1 << b;
            adjacency[*b] |= 1 << a;
        }
        if !is_chordal(&adjacency) {
            continue;
        }
        let cliques = maximal_cliques(&adjacency);
        let separators = junction_tree_separators(&cliques);
        graphs.push(Graph { n_lists, cliques, separators });
    }
    graphs
}

/// A graph is chordal when simplicial vertices (whose neighbours are all adjacent) can be removed
/// one by one until none is left.
fn is_chordal(adjacency: &[u32]) -> bool {
    let n = adjacency.len();
    let mut left: u32 = (1 << n) - 1;
    while left != 0 {
        let simplicial = (0..n).filter(|v| left >> v & 1 == 1).find(|v| {
            let neighbours = adjacency[*v] & left;
            (0..n).filter(|u| neighbours >> u & 1 == 1).all(|u| neighbours & !(1 << u) & !adjacency[u] == 0)
        });
        match simplicial {
            Some(v) => left &= !(1 << v),
            None => return false,
        }
    }
    true
}

/// Maximal complete vertex sets, by brute force over subsets (at most 32).
fn maximal_cliques(adjacency: &[u32]) -> Vec<u32> {
    let n = adjacency.len();
    let complete = |set: u32| (0..n).filter(|v| set >> v & 1 == 1).all(|v| set & !(1 << v) & !adjacency[v] == 0);
    let all: Vec<u32> = (1u32..1 << n).filter(|set| complete(*set)).collect();
    all.iter().copied().filter(|set| !all.iter().any(|other| other != set && other & set == *set)).collect()
}

/// Separators of a junction tree: a maximum-weight spanning tree of the cliques with weight
/// |C_i ∩ C_j| (Prim), for a chordal graph a junction tree. Empty separators are left out.
fn junction_tree_separators(cliques: &[u32]) -> Vec<u32> {
    let mut in_tree = vec![false; cliques.len()];
    in_tree[0] = true;
    let mut separators = Vec::new();
    for _ in 1..cliques.len() {
        let mut best: Option<(u32, usize, u32)> = None;
        for (_, a) in cliques.iter().enumerate().filter(|(i, _)| in_tree[*i]) {
            for (j, b) in cliques.iter().enumerate().filter(|(j, _)| !in_tree[*j]) {
                let weight = (a & b).count_ones();
                if best.is_none_or(|(w, _, _)| weight > w) {
                    best = Some((weight, j, a & b));
                }
            }
        }
        let (_, j, separator) = best.expect("a clique outside the tree remains");
        in_tree[j] = true;
        if separator != 0 {
            separators.push(separator);
        }
    }
    separators
}

/// A graph's posterior weight.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphWeight {
    /// The graph's cliques in bracket notation.
    pub name: String,
    /// Its posterior probability.
    pub weight: f64,
    /// Its posterior median of N on its own.
    pub median: u64,
}

/// The model-averaged posterior of N on the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct DgaPosterior {
    /// n.
    pub n_observed: u64,
    /// δ used.
    pub delta: f64,
    /// Posterior probability of each unobserved count 0, 1, ..., grid end.
    pub probabilities: Vec<f64>,
    /// The graphs, heaviest first.
    pub graphs: Vec<GraphWeight>,
}

impl DgaPosterior {
    /// The smallest N whose posterior probability of being at most N reaches `prob`.
    pub fn quantile(&self, prob: f64) -> u64 {
        self.n_observed + quantile_index(&self.probabilities, prob) as u64
    }

    /// Posterior median of N.
    pub fn median(&self) -> u64 {
        self.quantile(0.5)
    }

    /// Central 95% interval of N.
    pub fn interval(&self) -> (u64, u64) {
        (self.quantile(0.025), self.quantile(0.975))
    }

    /// The most probable N.
    pub fn mode(&self) -> u64 {
        let index = (0..self.probabilities.len())
            .fold(0, |best, i| if self.probabilities[i] > self.probabilities[best] { i } else { best });
        self.n_observed + index as u64
    }

    /// Posterior mass in the top tenth of the grid: when it is not small, the grid cut the
    /// posterior short.
    pub fn share_near_grid_edge(&self) -> f64 {
        let start = self.probabilities.len() * 9 / 10;
        self.probabilities[start..].iter().sum()
    }

    /// The largest N on the grid.
    pub fn grid_end(&self) -> u64 {
        self.n_observed + self.probabilities.len() as u64 - 1
    }
}

fn quantile_index(probabilities: &[f64], prob: f64) -> usize {
    let mut cumulative = 0.0;
    for (index, p) in probabilities.iter().enumerate() {
        cumulative += p;
        if cumulative >= prob - 1e-12 {
            return index;
        }
    }
    probabilities.len() - 1
}

/// Averages N's posterior over every decomposable graph of the table's lists.
pub fn estimate(table: &CaptureTable, config: &DgaConfig) -> Result<DgaPosterior> {
    table.check_estimable()?;
    let n_lists = table.n_lists();
    if n_lists < 2 {
        return Err(Error::TooFewLists { method: "graphical model averaging", n_lists, min: 2 });
    }
    if n_lists > MAX_LISTS {
        return Err(Error::TooManyLists { what: "graphical model averaging", n_lists, max: MAX_LISTS });
    }
    let delta = config.delta.unwrap_or(1.0 / (1u64 << n_lists) as f64);
    if !(delta > 0.0 && delta.is_finite()) {
        return Err(Error::BadSetting { setting: "delta", value: delta.to_string(), reason: "must be positive" });
    }
    if config.grid_factor == 0 {
        return Err(Error::BadSetting {
            setting: "grid",
            value: config.grid_factor.to_string(),
            reason: "must be at least 1",
        });
    }
    let n = table.n_observed();
    let grid: Vec<f64> = (0..=config.grid_factor * n).map(|n0| n0 as f64).collect();
    let nf = n as f64;
    let total_alpha = delta * (1u64 << n_lists) as f64;

    // ln of each margin's Dirichlet marginal likelihood along the grid: only the margin's all-zero
    // cell depends on the unobserved count. The term ln Γ(A) - ln Γ(A + N), with A = δ 2^J the
    // same for every margin, is added per clique and subtracted per separator below.
    let margin_terms: Vec<Vec<f64>> = (0u32..1 << n_lists)
        .into_par_iter()
        .map(|subset| {
            let size = subset.count_ones();
            let alpha = delta * (1u64 << (n_lists as u32 - size)) as f64;
            let mut margin = vec![0u64; 1 << size];
            for (pattern, count) in table.patterns() {
                margin[compress(pattern as u32, subset)] += count;
            }
            let fixed: f64 = margin[1..].iter().map(|y| ln_gamma(alpha + *y as f64) - ln_gamma(alpha)).sum::<f64>()
                - ln_gamma(alpha);
            grid.iter().map(|n0| fixed + ln_gamma(alpha + margin[0] as f64 + n0)).collect()
        })
        .collect();
    let shared: Vec<f64> = grid.iter().map(|n0| ln_gamma(total_alpha) - ln_gamma(total_alpha + nf + n0)).collect();
    // The multinomial coefficient's N-dependent part, N! / n0!, and the prior 1/N.
    let common: Vec<f64> =
        grid.iter().map(|n0| ln_gamma(nf + n0 + 1.0) - ln_gamma(n0 + 1.0) - (nf + n0).ln()).collect();

    let graphs = decomposable_graphs(n_lists);
    // One graph's posterior of the unobserved count along the grid, normalised, and the log of
    // its total (the graph's log weight).
    let graph_posterior = |graph: &Graph| -> (f64, Vec<f64>) {
        let multiplicity = graph.cliques.len() as f64 - graph.separators.len() as f64;
        let mut values: Vec<f64> = common.iter().zip(&shared).map(|(c, s)| c + multiplicity * s).collect();
        for clique in &graph.cliques {
            for (value, term) in values.iter_mut().zip(&margin_terms[*clique as usize]) {
                *value += term;
            }
        }
        for separator in &graph.separators {
            for (value, term) in values.iter_mut().zip(&margin_terms[*separator as usize]) {
                *value -= term;
            }
        }
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut total = 0.0;
        for value in &mut values {
            *value = (*value - max).exp();
            total += *value;
        }
        for value in &mut values {
            *value /= total;
        }
        (max + total.ln(), values)
    };
    // Graphs in fixed chunks, each chunk's weighted sum kept relative to its largest weight:
    // memory grows with the chunks, not with the graphs (822 grid vectors would take 650 MB for
    // n = 10,000), and the fixed chunks and the ordered combination below keep the sums the same
    // whatever the number of threads.
    let chunks: Vec<ChunkSum> = graphs
        .par_chunks(GRAPHS_PER_CHUNK)
        .map(|chunk| {
            let mut max = f64::NEG_INFINITY;
            let mut sum = vec![0.0; grid.len()];
            let mut per_graph = Vec::with_capacity(chunk.len());
            for graph in chunk {
                let (log_weight, values) = graph_posterior(graph);
                per_graph.push((log_weight, n + quantile_index(&values, 0.5) as u64));
                if log_weight > max {
                    let scale = (max - log_weight).exp();
                    for s in &mut sum {
                        *s *= scale;
                    }
                    max = log_weight;
                }
                let weight = (log_weight - max).exp();
                for (s, v) in sum.iter_mut().zip(&values) {
                    *s += weight * v;
                }
            }
            ChunkSum { max, sum, per_graph }
        })
        .collect();
    let max_weight = chunks.iter().map(|chunk| chunk.max).fold(f64::NEG_INFINITY, f64::max);
    let per_graph: Vec<(f64, u64)> = chunks.iter().flat_map(|chunk| chunk.per_graph.iter().copied()).collect();
    let weights: Vec<f64> = per_graph.iter().map(|(w, _)| (w - max_weight).exp()).collect();
    let total_weight: f64 = weights.iter().sum();
    let mut probabilities = vec![0.0; grid.len()];
    for chunk in &chunks {
        let scale = (chunk.max - max_weight).exp() / total_weight;
        for (p, s) in probabilities.iter_mut().zip(&chunk.sum) {
            *p += scale * s;
        }
    }
    let mut graph_weights: Vec<GraphWeight> = graphs
        .iter()
        .zip(&weights)
        .zip(&per_graph)
        .map(|((graph, weight), (_, median))| GraphWeight {
            name: graph.name(),
            weight: weight / total_weight,
            median: *median,
        })
        .collect();
    graph_weights.sort_by(|a, b| b.weight.total_cmp(&a.weight).then_with(|| a.name.cmp(&b.name)));
    Ok(DgaPosterior { n_observed: n, delta, probabilities, graphs: graph_weights })
}

/// A chunk of graphs: the largest log weight, the posteriors summed with weights relative to it,
/// and each graph's log weight and median.
struct ChunkSum {
    max: f64,
    sum: Vec<f64>,
    per_graph: Vec<(f64, u64)>,
}

/// The bits of `pattern` at the positions of `subset`, packed to the low end.
fn compress(pattern: u32, subset: u32) -> usize {
    let mut out = 0usize;
    let mut position = 0;
    for j in 0..32 {
        if subset >> j & 1 == 1 {
            out |= ((pattern >> j & 1) as usize) << position;
            position += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_decomposable_graphs() {
        // 8 graphs on 3 vertices, 61 on 4, 822 on 5 (dga ships the same lists).
        assert_eq!(decomposable_graphs(3).len(), 8);
        assert_eq!(decomposable_graphs(4).len(), 61);
        assert_eq!(decomposable_graphs(5).len(), 822);
    }

    #[test]
    fn cliques_and_separators() {
        let graphs = decomposable_graphs(4);
        // The path 1-2-3-4: cliques 12, 23, 34; separators 2 and 3.
        let path = graphs.iter().find(|g| g.name() == "[12,23,34]").unwrap();
        let mut separators = path.separators().to_vec();
        separators.sort();
        assert_eq!(separators, [0b0010, 0b0100]);
        assert!(graphs.iter().any(|g| g.name() == "[1,2,3,4]" && g.separators().is_empty()));
    }
}
