//! The latent-class model against R's LCMCR (shared/research/mse.md, sections 3 and 8).

use mse::lcmcr::{self, LcmcrConfig};

use super::data_set;

#[test]
fn kosovo_documented_setting_agrees_with_r() {
    // K = 10, a = b = 0.25, burn-in 10,000, 1,000 draws at thinning 100; four chains.
    // R's LCMCR over seeds: medians 10,406-10,598, 2.5% quantiles 9,049-9,245 (8,825-8,939 in the
    // 10-times longer runs), 97.5% quantiles 13,620-14,786 (13,938-14,026 in the longer runs).
    // Tolerances: the median within R's spread over seeds (10,350-10,600, the range); the
    // quantiles within R's spread widened by two Monte-Carlo standard errors of this run
    // (about 80 for the 2.5% and 250 for the 97.5% quantile at an effective size near 1,500).
    let posterior = lcmcr::sample(&data_set("kosovo_1999_4lists"), &LcmcrConfig::documented(1)).unwrap();
    let summary = posterior.summary();
    assert!((10_350.0..=10_600.0).contains(&summary.median), "median {}", summary.median);
    assert!((8_665.0..=9_405.0).contains(&summary.interval.0), "2.5% {}", summary.interval.0);
    assert!((13_370.0..=15_036.0).contains(&summary.interval.1), "97.5% {}", summary.interval.1);
    assert_eq!(summary.n_draws, 4_000);
    assert!(summary.r_hat.unwrap() < 1.05, "{summary:?}");
    assert!(summary.effective_size > 800.0, "{summary:?}");
    assert!((5.0..=9.0).contains(&summary.mean_occupied), "{summary:?}");
    assert_eq!(summary.share_near_cap, 0.0);
}

#[test]
fn synthetic_truth_lies_inside_the_interval() {
    // Simulated from two latent classes with N = 20,000; R's LCMCR gives 19,494 [18,804-20,293].
    let config = LcmcrConfig { n_chains: 2, burn_in: 5_000, n_draws: 500, thinning: 50, ..LcmcrConfig::documented(3) };
    let summary = lcmcr::sample(&data_set("synthetic_lc2_6lists"), &config).unwrap().summary();
    assert!(summary.interval.0 <= 20_000.0 && 20_000.0 <= summary.interval.1, "{summary:?}");
    assert!((19_000.0..=20_000.0).contains(&summary.median), "{summary:?}");
}

#[test]
fn the_cap_binds_on_lists_that_never_overlap() {
    // Three large lists that share nobody: only a population far larger than 20 n makes that
    // likely, so the posterior runs to the cap n0 <= 20 n, which the summary reports.
    let table = mse::CaptureTable::new(vec!["a".into(), "b".into(), "c".into()], &[200, 150, 0, 120, 0, 0, 0]).unwrap();
    let config = LcmcrConfig { n_classes: 5, burn_in: 1_000, n_draws: 400, thinning: 5, ..LcmcrConfig::documented(5) };
    let posterior = lcmcr::sample(&table, &config).unwrap();
    assert_eq!(posterior.n_max, 470 * 21);
    assert!(posterior.chains.iter().all(|chain| chain.n.iter().all(|n| (470..=posterior.n_max).contains(n))));
    let summary = posterior.summary();
    assert!(summary.share_near_cap > 0.2, "{summary:?}");
    assert!(summary.share_cap_redraws > 0.0, "{summary:?}");
}

#[test]
fn the_plain_sweep_and_the_extra_moves_agree() {
    // The collapsed and the Hamiltonian moves change how fast N mixes, not its posterior: every
    // run's median lies within R's spread.
    let table = data_set("kosovo_1999_4lists");
    for (collapsed_moves, marginal_moves) in [(0, 0), (3, 0), (3, 1)] {
        let config = LcmcrConfig { collapsed_moves, marginal_moves, n_chains: 2, ..LcmcrConfig::documented(21) };
        let summary = lcmcr::sample(&table, &config).unwrap().summary();
        assert!((10_250.0..=10_700.0).contains(&summary.median), "{collapsed_moves}, {marginal_moves}: {summary:?}");
    }
}

#[test]
fn kosovo_fast_setting_agrees_with_r_production_runs() {
    // K = 15, 10,000 draws at thinning 10 with the Hamiltonian moves (110,000 sweeps after the
    // warm-up). R's LCMCR in HRDAG's production setting (5.01 million sweeps), seeds 19481210
    // and 2: 10,443 [9,066-13,865] and 10,438 [9,005-13,849], effective sizes 6,937 and 5,759.
    // Tolerances: the median within R's spread over seeds (10,350-10,600); the quantiles within
    // R's two runs widened by about three Monte-Carlo standard errors of this run (about 50 for
    // the 2.5% and 150 for the 97.5% quantile at an effective size near 7,000).
    let posterior = lcmcr::sample(&data_set("kosovo_1999_4lists"), &LcmcrConfig::fast(4, 19_481_210)).unwrap();
    let summary = posterior.summary();
    assert!((10_350.0..=10_600.0).contains(&summary.median), "median {}", summary.median);
    assert!((8_855.0..=9_216.0).contains(&summary.interval.0), "2.5% {}", summary.interval.0);
    assert!((13_400.0..=14_315.0).contains(&summary.interval.1), "97.5% {}", summary.interval.1);
    assert_eq!(summary.n_draws, 10_000);
    // At least half R's effective size (5,759-6,937 from 45 times more sweeps); seeds 1-6 give
    // 6,100-8,800.
    assert!(summary.effective_size > 3_000.0, "{summary:?}");
}

#[test]
fn the_hamiltonian_moves_step_aside_beyond_ten_lists() {
    // Their tables have 2^J entries, so tables of 11 to 16 lists run the other moves only.
    let lists: Vec<String> = (0..11).map(|j| format!("list {j}")).collect();
    let mut counts = vec![0u64; (1 << 11) - 1];
    // Each list alone, and each pair of neighbours (pattern p is at index p - 1).
    for j in 0..11 {
        counts[(1 << j) - 1] = 40 + 3 * j as u64;
    }
    for j in 0..10 {
        counts[(3 << j) - 1] = 6;
    }
    let table = mse::CaptureTable::new(lists, &counts).unwrap();
    let config = LcmcrConfig {
        n_classes: 3,
        burn_in: 200,
        n_draws: 50,
        thinning: 2,
        n_chains: 1,
        marginal_moves: 1,
        ..LcmcrConfig::documented(4)
    };
    let posterior = lcmcr::sample(&table, &config).unwrap();
    assert!(posterior.chains[0].n.iter().all(|n| (posterior.n_observed..=posterior.n_max).contains(n)));
}

#[test]
fn bad_settings_are_refused() {
    let table = data_set("kosovo_1999_4lists");
    for config in [
        LcmcrConfig { n_classes: 0, ..LcmcrConfig::documented(1) },
        LcmcrConfig { thinning: 0, ..LcmcrConfig::documented(1) },
        LcmcrConfig { alpha_rate: -1.0, ..LcmcrConfig::documented(1) },
    ] {
        assert!(matches!(lcmcr::sample(&table, &config), Err(mse::Error::BadSetting { .. })));
    }
    let empty = mse::CaptureTable::new(vec!["a".into(), "b".into()], &[3, 0, 0]).unwrap();
    assert_eq!(lcmcr::sample(&empty, &LcmcrConfig::documented(1)), Err(mse::Error::EmptyList { list: "b".into() }));
}
