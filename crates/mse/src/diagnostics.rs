//! Summaries and convergence diagnostics of Markov chains of N: quantiles, split R-hat, and the
//! effective sample size as R's `coda::effectiveSize` computes it (so that figures compare with
//! those measured on R's LCMCR).

/// The `prob` quantile of sorted values, interpolating as R's default (type 7) does.
pub fn quantile_sorted(sorted: &[f64], prob: f64) -> f64 {
    assert!(!sorted.is_empty(), "a quantile of no values");
    let h = (sorted.len() - 1) as f64 * prob;
    let low = h.floor() as usize;
    let high = (low + 1).min(sorted.len() - 1);
    sorted[low] + (h - low as f64) * (sorted[high] - sorted[low])
}

/// Median and the central 95% interval of draws.
pub fn median_and_interval(draws: &[f64]) -> (f64, (f64, f64)) {
    let mut sorted = draws.to_vec();
    sorted.sort_by(f64::total_cmp);
    (quantile_sorted(&sorted, 0.5), (quantile_sorted(&sorted, 0.025), quantile_sorted(&sorted, 0.975)))
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn variance(values: &[f64]) -> f64 {
    let m = mean(values);
    values.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (values.len() as f64 - 1.0)
}

/// Split R-hat (Gelman et al., *Bayesian Data Analysis*, 3rd ed., 11.4): each chain cut in two
/// halves, between-half variance against within-half variance. Near 1 when the chains agree;
/// above 1.1 they do not. `None` with fewer than 4 draws per chain.
pub fn split_r_hat(chains: &[Vec<f64>]) -> Option<f64> {
    let half = chains.iter().map(Vec::len).min()? / 2;
    if half < 2 {
        return None;
    }
    let halves: Vec<&[f64]> = chains.iter().flat_map(|chain| [&chain[..half], &chain[chain.len() - half..]]).collect();
    let n = half as f64;
    let means: Vec<f64> = halves.iter().map(|h| mean(h)).collect();
    let within = halves.iter().map(|h| variance(h)).sum::<f64>() / halves.len() as f64;
    let between = n * variance(&means);
    if within <= 0.0 {
        return Some(if between <= 0.0 { 1.0 } else { f64::INFINITY });
    }
    let pooled = (n - 1.0) / n * within + between / n;
    Some((pooled / within).sqrt())
}

/// Effective sample size of one chain as `coda::effectiveSize`: the variance of the draws over
/// their spectral density at frequency 0, estimated from an autoregressive model fitted by
/// Yule-Walker with its order chosen by AIC (R's `ar`, `spectrum0.ar`).
pub fn effective_size(draws: &[f64]) -> f64 {
    let n = draws.len();
    if n < 3 {
        return n as f64;
    }
    let var = variance(draws);
    if !(var > 0.0) {
        return 0.0;
    }
    let m = mean(draws);
    let order_max = (n - 1).min((10.0 * (n as f64).log10()).floor() as usize);
    // Autocovariances with divisor n, as R's `acf`.
    let autocov: Vec<f64> = (0..=order_max)
        .map(|lag| (0..n - lag).map(|t| (draws[t] - m) * (draws[t + lag] - m)).sum::<f64>() / n as f64)
        .collect();
    // Levinson-Durbin recursion over orders 1..=order_max, keeping each order's coefficients and
    // innovation variance.
    let mut coefs: Vec<Vec<f64>> = vec![Vec::new()];
    let mut vars = vec![autocov[0]];
    for order in 1..=order_max {
        let previous = &coefs[order - 1];
        let acc = autocov[order] - (1..order).map(|j| previous[j - 1] * autocov[order - j]).sum::<f64>();
        let last_var = vars[order - 1];
        if !(last_var > 0.0) {
            break;
        }
        let kappa = acc / last_var;
        let mut next: Vec<f64> = (1..order).map(|j| previous[j - 1] - kappa * previous[order - j - 1]).collect();
        next.push(kappa);
        coefs.push(next);
        vars.push(last_var * (1.0 - kappa * kappa));
    }
    let aic = |order: usize| n as f64 * vars[order].ln() + 2.0 * order as f64;
    let order = (0..vars.len()).fold(0, |best, order| if aic(order) < aic(best) { order } else { best });
    let var_pred = vars[order] * n as f64 / (n - (order + 1)) as f64;
    let sum: f64 = coefs[order].iter().sum();
    let spectrum0 = var_pred / ((1.0 - sum) * (1.0 - sum));
    if !(spectrum0 > 0.0) {
        return 0.0;
    }
    n as f64 * var / spectrum0
}

/// Effective sample size of several chains: the sum over chains, as `coda` does for an
/// `mcmc.list`.
pub fn effective_size_chains(chains: &[Vec<f64>]) -> f64 {
    chains.iter().map(|chain| effective_size(chain)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_as_r_type_7() {
        let sorted = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_sorted(&sorted, 0.5), 2.5);
        assert!((quantile_sorted(&sorted, 0.025) - 1.075).abs() < 1e-12);
        assert_eq!(quantile_sorted(&sorted, 1.0), 4.0);
    }

    #[test]
    fn effective_size_of_an_autoregressive_chain() {
        // AR(1) with coefficient 0.9: ESS ≈ n (1 - 0.9) / (1 + 0.9).
        let mut state = 1u64;
        let mut uniform = || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        let mut x = 0.0;
        let draws: Vec<f64> = (0..20_000)
            .map(|_| {
                x = 0.9 * x + uniform();
                x
            })
            .collect();
        let ess = effective_size(&draws);
        let expected = 20_000.0 * 0.1 / 1.9;
        assert!((ess / expected - 1.0).abs() < 0.2, "{ess} vs {expected}");
        assert_eq!(effective_size(&[3.0; 50]), 0.0);
    }

    #[test]
    fn r_hat_flags_chains_that_disagree() {
        let a: Vec<f64> = (0..100).map(|i| (i % 7) as f64).collect();
        let b: Vec<f64> = (0..100).map(|i| (i % 5) as f64 + 20.0).collect();
        assert!(split_r_hat(&[a.clone(), a.clone()]).unwrap() < 1.05);
        assert!(split_r_hat(&[a, b]).unwrap() > 2.0);
    }
}
