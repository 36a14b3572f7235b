//! Hamiltonian Monte Carlo for the latent-class sampler's marginal move: the sticks and list
//! probabilities of the first B classes, with every person's class and the unobserved count
//! integrated out, so that the target is the likelihood of the observed table itself (see
//! `Sampler::marginal_move` in `lcmcr.rs` for the target and why the move is exact).
//!
//! Coordinates: per class of the block, y = (logit V_b, logit λ_1b, …, logit λ_Jb). The dynamics
//! run in whitened coordinates y = L u, with L the Cholesky factor of the covariance of the
//! chain's own path during the warm-up and burn-in (a fixed metric afterwards), a standard normal
//! momentum and [`LEAPFROG_STEPS`] leapfrog steps of a size adapted during the warm-up and
//! burn-in and jittered by ±20%.
//!
//! Pure arithmetic on slices: the generator and the sampler's state stay in `lcmcr.rs`.

use crate::random::Variates;

/// Leapfrog steps per move.
const LEAPFROG_STEPS: usize = 64;
/// The share of proposals accepted that the step size's adaptation aims at.
const TARGET_ACCEPTANCE: f64 = 0.85;
/// The starting metric: independent coordinates with this standard deviation.
const INITIAL_SPREAD: f64 = 0.05;
/// The metric is first refitted to the path after this many points.
const FIRST_WINDOW: u64 = 500;
/// The move leaves alone states where the classes after the block weigh less than this in all
/// (their share is then not known precisely from π), and never proposes one.
pub(crate) const MIN_REST: f64 = 1e-9;
/// Below this a pattern's probability counts as underflowed: such states are never proposed.
const MIN_PROBABILITY: f64 = 1e-280;

/// What the target depends on besides the block's coordinates.
pub(crate) struct Frame<'a> {
    /// Per pattern (2^J of them; only those observed and nobody's are read), the weight of the
    /// classes after the block in the current state.
    pub(crate) after: &'a [f64],
    pub(crate) n_observed: u64,
    pub(crate) alpha: f64,
    /// R_B = ∏_b (1 - V_b) in the current state: the later classes' weights scale with R_B' / R_B.
    pub(crate) rest: f64,
}

/// The target at a point: ln of its density in y, π0 there, and R_B there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Value {
    pub(crate) ln_target: f64,
    pub(crate) prob_zero: f64,
    pub(crate) rest: f64,
}

/// The block's dynamics: its metric and step size, and scratch for the leapfrog.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    dim: usize,
    /// Lower-triangular Cholesky factor of the metric, row after row, and its transpose.
    chol: Vec<f64>,
    chol_t: Vec<f64>,
    ln_step: f64,
    tried: u64,
    /// Sums of the path's points and their products since the last refit, and the length of
    /// the current window.
    seen: u64,
    window: u64,
    sum: Vec<f64>,
    products: Vec<f64>,
    /// The current point (set by the sampler) and the proposed one.
    pub(crate) point: Vec<f64>,
    proposed: Vec<f64>,
    momentum: Vec<f64>,
    scratch: Scratch,
}

/// What an evaluation of the target computes: per class V, and per list λ and 1 - λ; per class
/// and pattern (all 2^J of them, nobody's first) the class's weight; per pattern the probability
/// and the coefficient g (f_m / p_m, n / (1 - p0) for nobody's, 0 for patterns nobody has); the
/// gradient.
#[derive(Debug, Clone)]
struct Scratch {
    n_classes: usize,
    n_lists: usize,
    v: Vec<f64>,
    lambda: Vec<f64>,
    mu: Vec<f64>,
    weight: Vec<f64>,
    prob: Vec<f64>,
    coefficient: Vec<f64>,
    grad: Vec<f64>,
    /// Observed patterns, and every pattern's count (0 for those nobody has).
    observed: Vec<usize>,
    counts: Vec<f64>,
    /// g_m w_mb of the class at hand, per pattern.
    term: Vec<f64>,
}

impl Block {
    pub(crate) fn new(n_classes: usize, n_lists: usize, patterns: &[(u32, u64)]) -> Block {
        let size = 1usize << n_lists;
        let mut counts = vec![0.0; size];
        for (pattern, count) in patterns {
            counts[*pattern as usize] = *count as f64;
        }
        let dim = n_classes * (n_lists + 1);
        let chol = initial_metric(dim);
        Block {
            dim,
            chol_t: chol.clone(),
            chol,
            ln_step: 0.0,
            tried: 0,
            seen: 0,
            window: FIRST_WINDOW,
            sum: vec![0.0; dim],
            products: vec![0.0; dim * dim],
            point: vec![0.0; dim],
            proposed: vec![0.0; dim],
            momentum: vec![0.0; dim],
            scratch: Scratch {
                n_classes,
                n_lists,
                v: vec![0.0; n_classes],
                lambda: vec![0.0; n_classes * n_lists],
                mu: vec![0.0; n_classes * n_lists],
                weight: vec![0.0; size * n_classes],
                prob: vec![0.0; size],
                coefficient: vec![0.0; size],
                grad: vec![0.0; dim],
                observed: patterns.iter().map(|(pattern, _)| *pattern as usize).collect(),
                counts,
                term: vec![0.0; size],
            },
        }
    }

    /// Forgets the metric and step learnt so far (after the classes are relabelled).
    pub(crate) fn restart(&mut self) {
        self.chol = initial_metric(self.dim);
        self.chol_t = self.chol.clone();
        self.ln_step = 0.0;
        self.tried = 0;
        self.seen = 0;
        self.window = FIRST_WINDOW;
        self.sum.fill(0.0);
        self.products.fill(0.0);
    }

    /// Runs the leapfrog from `point` into `proposed` and returns the target at both ends and
    /// the change of the kinetic energy (after minus before); `None` when the path leaves the
    /// states the move handles (the proposal is then refused).
    pub(crate) fn propose(&mut self, frame: &Frame<'_>, rng: &mut Variates) -> Option<(Value, Value, f64)> {
        let dim = self.dim;
        for p in &mut self.momentum {
            *p = rng.normal();
        }
        let kinetic_before: f64 = self.momentum.iter().map(|p| 0.5 * p * p).sum();
        let step = self.ln_step.exp() * (0.8 + 0.4 * rng.uniform());
        let current = self.scratch.evaluate(&self.point, frame, true)?;
        self.proposed.copy_from_slice(&self.point);
        self.kick(0.5 * step);
        for leap in 0..LEAPFROG_STEPS {
            // y += step L p, column after column of L so that the inner loop has no running sum.
            for (col, (chol_column, p)) in self.chol_t.chunks_exact(dim).zip(&self.momentum).enumerate() {
                let p = step * p;
                for (y, l) in self.proposed[col..].iter_mut().zip(&chol_column[col..]) {
                    *y += p * l;
                }
            }
            let last = leap + 1 == LEAPFROG_STEPS;
            let value = self.scratch.evaluate(&self.proposed, frame, last)?;
            self.kick(if last { 0.5 * step } else { step });
            if last {
                let kinetic_after: f64 = self.momentum.iter().map(|p| 0.5 * p * p).sum();
                return Some((current, value, kinetic_after - kinetic_before));
            }
        }
        None
    }

    /// p += size L^T ∇ ln target (the gradient of the latest evaluation).
    fn kick(&mut self, size: f64) {
        let dim = self.dim;
        // Row after row of L, so that the inner loop has no running sum.
        for (row, (chol_row, g)) in self.chol.chunks_exact(dim).zip(&self.scratch.grad).enumerate() {
            let g = size * g;
            for (p, l) in self.momentum[..=row].iter_mut().zip(&chol_row[..=row]) {
                *p += g * l;
            }
        }
    }

    /// The block's V_b and λ_jb at the proposed point, for the sampler to take over.
    pub(crate) fn proposed_parameters(&self) -> (&[f64], &[f64], &[f64]) {
        (&self.scratch.v, &self.scratch.lambda, &self.scratch.mu)
    }

    /// One step of the adaptation (during the warm-up and burn-in only): the step size by
    /// Robbins-Monro with a decreasing gain towards [`TARGET_ACCEPTANCE`], and the metric from
    /// the covariance of the chain's points in windows that double in length (500, 1,000, 2,000,
    /// … points, as Stan adapts its metric), each refit restarting the step size's gain.
    pub(crate) fn adapt(&mut self, chance: f64, accepted: bool) {
        self.tried += 1;
        let gain = 1.0 / (self.tried as f64).sqrt().max(10.0);
        self.ln_step += gain * (chance - TARGET_ACCEPTANCE);
        let dim = self.dim;
        let point = if accepted { &self.proposed } else { &self.point };
        self.seen += 1;
        for row in 0..dim {
            self.sum[row] += point[row];
            for col in 0..=row {
                self.products[row * dim + col] += point[row] * point[col];
            }
        }
        if self.seen < self.window {
            return;
        }
        let n = self.seen as f64;
        // Shrunk a little towards a small multiple of the identity, as Stan does.
        let weight = n / (n + 5.0);
        let mut covariance = vec![0.0; dim * dim];
        for row in 0..dim {
            for col in 0..=row {
                covariance[row * dim + col] =
                    weight * (self.products[row * dim + col] / n - self.sum[row] * self.sum[col] / (n * n));
            }
            covariance[row * dim + row] += 1e-3 * (1.0 - weight);
        }
        if let Some(chol) = cholesky(&covariance, dim) {
            self.chol_t = transpose(&chol, dim);
            self.chol = chol;
            self.tried = 0;
        }
        self.seen = 0;
        self.window *= 2;
        self.sum.fill(0.0);
        self.products.fill(0.0);
    }
}

impl Scratch {
    /// The target's gradient at y into `grad`, and, when `with_value`, its value (otherwise
    /// `ln_target` is 0: the leapfrog's inner steps need only the gradient).
    ///
    /// The target is Σ_b [ln V_b + α ln(1 - V_b) + Σ_j ln λ_jb + ln(1 - λ_jb)] plus
    /// Σ_m f_m ln p_m less n ln(1 - p0): priors Beta(1, α) and uniform times the Jacobian of the
    /// logits, and the likelihood with the unobserved count summed out. With g_m = f_m / p_m for
    /// observed patterns, g_0 = n / (1 - p0), W_b = Σ_m g_m w_mb and A_b = Σ_m g_m (weight after
    /// b), the derivative in logit λ_jb is Σ_m g_m w_mb x_mj - λ_jb W_b + 1 - 2 λ_jb, and in
    /// logit V_b it is W_b (1 - V_b) - V_b A_b + 1 - V_b (1 + α).
    fn evaluate(&mut self, y: &[f64], frame: &Frame<'_>, with_value: bool) -> Option<Value> {
        // One copy per number of lists, so that the short loops over lists and patterns are
        // unrolled.
        match self.n_lists {
            1 => self.evaluate_lists::<1>(y, frame, with_value),
            2 => self.evaluate_lists::<2>(y, frame, with_value),
            3 => self.evaluate_lists::<3>(y, frame, with_value),
            4 => self.evaluate_lists::<4>(y, frame, with_value),
            5 => self.evaluate_lists::<5>(y, frame, with_value),
            6 => self.evaluate_lists::<6>(y, frame, with_value),
            7 => self.evaluate_lists::<7>(y, frame, with_value),
            8 => self.evaluate_lists::<8>(y, frame, with_value),
            9 => self.evaluate_lists::<9>(y, frame, with_value),
            _ => self.evaluate_lists::<10>(y, frame, with_value),
        }
    }

    fn evaluate_lists<const J: usize>(&mut self, y: &[f64], frame: &Frame<'_>, with_value: bool) -> Option<Value> {
        let n_classes = self.n_classes;
        let size = 1usize << J;
        let mut ln_target = 0.0;
        let mut rest = 1.0f64;
        let prob = &mut self.prob[..size];
        prob.fill(0.0);
        for b in 0..n_classes {
            let values: &[f64; J] = y[b * (J + 1) + 1..(b + 1) * (J + 1)].try_into().expect("J + 1 values a class");
            let (v, one_minus_v) = sigmoids(y[b * (J + 1)])?;
            self.v[b] = v;
            let mut lambda = [0.0f64; J];
            let mut mu = [0.0f64; J];
            let mut jacobian = v;
            for j in 0..J {
                (lambda[j], mu[j]) = sigmoids(values[j])?;
                jacobian *= lambda[j] * mu[j];
            }
            if with_value {
                ln_target += jacobian.ln() + frame.alpha * one_minus_v.ln();
            }
            self.lambda[b * J..(b + 1) * J].copy_from_slice(&lambda);
            self.mu[b * J..(b + 1) * J].copy_from_slice(&mu);
            // The class's weight of every pattern by doubling: for each list, every pattern so
            // far splits into "not on it" (times 1 - λ) and "on it" (times λ).
            let weight = &mut self.weight[b * size..(b + 1) * size];
            weight[0] = rest * v;
            for j in 0..J {
                let (low, high) = weight[..2 << j].split_at_mut(1 << j);
                for (w_low, w_high) in low.iter_mut().zip(high.iter_mut()) {
                    *w_high = *w_low * lambda[j];
                    *w_low *= mu[j];
                }
            }
            for (p, w) in prob.iter_mut().zip(weight.iter()) {
                *p += w;
            }
            rest *= one_minus_v;
        }
        if !(rest > MIN_REST) {
            return None;
        }
        let shrink = rest / frame.rest;
        let after = &frame.after[..size];
        let coefficient = &mut self.coefficient[..size];
        let mut later = 0.0;
        for &pattern in &self.observed {
            let p = prob[pattern] + shrink * after[pattern];
            if !(p > MIN_PROBABILITY) {
                return None;
            }
            let count = self.counts[pattern];
            coefficient[pattern] = count / p;
            later += coefficient[pattern] * after[pattern];
            if with_value {
                ln_target += count * p.ln();
            }
        }
        let prob_zero = (prob[0] + shrink * after[0]).min(1.0);
        let seen = 1.0 - prob_zero;
        if !(seen > 0.0) {
            return None;
        }
        if with_value {
            ln_target -= frame.n_observed as f64 * seen.ln();
        }
        coefficient[0] = frame.n_observed as f64 / seen;
        // A_b, the weight after class b times the coefficients, from the last class backwards.
        let mut later = shrink * (later + coefficient[0] * after[0]);
        let term = &mut self.term[..size];
        for b in (0..n_classes).rev() {
            let base = b * (J + 1);
            let weight = &self.weight[b * size..(b + 1) * size];
            // g_m w_mb per pattern (0 for patterns nobody has), its total and, per list, its sum
            // over the patterns on the list.
            let mut total = 0.0;
            for ((t, w), c) in term.iter_mut().zip(weight).zip(coefficient.iter()) {
                *t = c * w;
                total += *t;
            }
            let v = self.v[b];
            self.grad[base] = total * (1.0 - v) - v * later + 1.0 - v * (1.0 + frame.alpha);
            for j in 0..J {
                let mut on = 0.0;
                for pair in term.chunks_exact(2 << j) {
                    on += pair[1 << j..].iter().sum::<f64>();
                }
                let lambda = self.lambda[b * J + j];
                self.grad[base + 1 + j] = on - lambda * total + 1.0 - 2.0 * lambda;
            }
            later += total;
        }
        Some(Value { ln_target, prob_zero, rest })
    }
}

/// The most lists the move handles (its tables have 2^J entries).
pub(crate) const MAX_LISTS: usize = 10;

/// (1 / (1 + e^-x), 1 / (1 + e^x)) from one exponential; `None` when either is 0 in floating
/// point.
fn sigmoids(x: f64) -> Option<(f64, f64)> {
    let e = (-x).exp();
    let low = 1.0 / (1.0 + e);
    let high = e * low;
    // e = ∞ gives low = 0; a finite e gives a finite high.
    (low > 0.0 && high > 0.0).then_some((low, high))
}

/// The starting metric: independent coordinates of spread [`INITIAL_SPREAD`].
fn initial_metric(dim: usize) -> Vec<f64> {
    let mut chol = vec![0.0; dim * dim];
    for i in 0..dim {
        chol[i * dim + i] = INITIAL_SPREAD;
    }
    chol
}

/// The transpose of a square matrix stored row after row.
fn transpose(matrix: &[f64], dim: usize) -> Vec<f64> {
    (0..dim * dim).map(|i| matrix[(i % dim) * dim + i / dim]).collect()
}

/// The Cholesky factor of a symmetric matrix given by its lower triangle; `None` unless it is
/// positive definite.
fn cholesky(matrix: &[f64], dim: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; dim * dim];
    for row in 0..dim {
        for col in 0..=row {
            let mut value = matrix[row * dim + col];
            for k in 0..col {
                value -= l[row * dim + k] * l[col * dim + k];
            }
            if row == col {
                if !(value > 0.0) {
                    return None;
                }
                l[row * dim + col] = value.sqrt();
            } else {
                l[row * dim + col] = value / l[col * dim + col];
            }
        }
    }
    Some(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gradient_matches_finite_differences() {
        let patterns = [(1u32, 40u64), (2, 30), (3, 12), (4, 25), (5, 8), (6, 9), (7, 4)];
        let after = [0.2, 0.01, 0.02, 0.005, 0.015, 0.004, 0.003, 0.001];
        let frame = Frame { after: &after, n_observed: 128, alpha: 0.4, rest: 0.3 };
        let mut block = Block::new(2, 3, &patterns);
        block.point.copy_from_slice(&[0.3, -1.0, 0.2, 0.5, -0.4, 1.1, -0.7, 0.1]);
        let point = block.point.clone();
        let at = block.scratch.evaluate(&point, &frame, true).unwrap();
        let grad = block.scratch.grad.clone();
        for i in 0..point.len() {
            let h = 1e-6;
            let mut moved = point.clone();
            moved[i] += h;
            let up = block.scratch.evaluate(&moved, &frame, true).unwrap().ln_target;
            moved[i] -= 2.0 * h;
            let down = block.scratch.evaluate(&moved, &frame, true).unwrap().ln_target;
            let numeric = (up - down) / (2.0 * h);
            assert!((numeric - grad[i]).abs() < 1e-4 * (1.0 + grad[i].abs()), "{i}: {numeric} vs {}", grad[i]);
        }
        assert!(at.ln_target.is_finite());
    }
}
