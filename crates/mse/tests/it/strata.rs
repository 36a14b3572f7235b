//! Strata: per-stratum estimates, and the total's draws as sums of the strata's draws.

use mse::dga::{self, DgaConfig};
use mse::lcmcr::{self, LcmcrConfig};
use mse::table::{self, Stratum};
use mse::{CaptureTable, StratifiedTable};

fn two_strata() -> StratifiedTable {
    let text = "stratum,a,b,c,count\n\
                north,1,0,0,120\nnorth,0,1,0,90\nnorth,1,1,0,40\nnorth,0,0,1,80\nnorth,1,0,1,35\nnorth,0,1,1,25\nnorth,1,1,1,15\n\
                south,1,0,0,60\nsouth,0,1,0,70\nsouth,1,1,0,20\nsouth,0,0,1,50\nsouth,1,0,1,15\nsouth,0,1,1,18\nsouth,1,1,1,6\n";
    table::parse_csv(text).unwrap().table
}

fn small_config(seed: u64) -> LcmcrConfig {
    LcmcrConfig { n_classes: 5, burn_in: 500, n_draws: 200, thinning: 5, n_chains: 2, ..LcmcrConfig::documented(seed) }
}

#[test]
fn the_total_adds_the_strata_draw_by_draw() {
    let table = two_strata();
    let config = small_config(9);
    let per_stratum: Vec<_> = mse::strata::lcmcr(&table, &config).into_iter().map(Result::unwrap).collect();
    let draws: Vec<Vec<f64>> = per_stratum.iter().map(|posterior| posterior.pooled()).collect();
    let total = mse::strata::total(&draws).unwrap();
    assert_eq!(total.len(), 400);
    assert_eq!(total[17], draws[0][17] + draws[1][17]);
    // Stratum s runs on streams s·chains onwards: the second stratum is not the first's copy.
    assert_ne!(draws[0], draws[1]);
    // The total's interval is narrower than the sum of the strata's intervals (errors cancel).
    let (_, (low, high)) = mse::diagnostics::median_and_interval(&total);
    let width: f64 = draws.iter().map(|d| mse::diagnostics::median_and_interval(d).1).map(|(l, h)| h - l).sum();
    assert!(high - low < width, "{low}-{high} vs {width}");
    assert!(low >= 644.0, "{low}");
}

#[test]
fn graphical_model_draws_follow_the_exact_posterior() {
    let table = two_strata();
    let posterior = dga::estimate(&table.strata()[0].table, &DgaConfig::standard()).unwrap();
    let draws = mse::strata::dga_draws(&posterior, 20_000, 4, 0);
    let (median, _) = mse::diagnostics::median_and_interval(&draws);
    assert!((median - posterior.median() as f64).abs() <= 0.01 * posterior.median() as f64, "{median}");
    assert_eq!(draws, mse::strata::dga_draws(&posterior, 20_000, 4, 0));
}

#[test]
fn strata_must_share_their_lists() {
    let a = CaptureTable::new(vec!["x".into(), "y".into()], &[1, 2, 3]).unwrap();
    let b = CaptureTable::new(vec!["x".into(), "z".into()], &[1, 2, 3]).unwrap();
    let strata = vec![Stratum { label: "1".into(), table: a }, Stratum { label: "2".into(), table: b }];
    assert!(matches!(StratifiedTable::new(strata), Err(mse::Error::StrataLists { .. })));
    let _ = lcmcr::WARM_UP_SWEEPS;
}
