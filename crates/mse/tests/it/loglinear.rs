//! Log-linear models: Rcapture's choices and estimates on the reference data sets.

use mse::loglinear::{self, Criterion};

use super::data_set;

/// Checks the best model and its estimate (to 0.5 person, Rcapture's printed precision) under
/// one criterion.
fn check(name: &str, criterion: Criterion, model: &str, estimate: f64) {
    let search = loglinear::search(&data_set(name), criterion).unwrap();
    let best = search.best();
    assert_eq!(best.model.to_string(), model, "{name}, {}", criterion.as_str());
    assert!((best.estimate - estimate).abs() <= 0.5, "{name}: {} vs {estimate}", best.estimate);
}

#[test]
fn model_search_picks_rcaptures_models() {
    // The figures of shared/research/mse.md, section 3 (Rcapture's closedpMS.t).
    check("kosovo_1999_4lists", Criterion::Bic, "[123,14,34]", 10_356.5);
    check("kosovo_1999_4lists", Criterion::Aic, "[123,134]", 12_741.0);
    check("hiv_rome_4lists", Criterion::Bic, "[1,2,3,4]", 11_125.0);
    check("hiv_rome_4lists", Criterion::Aic, "[12,3,4]", 12_318.0);
    check("lesbian_allegheny_4lists", Criterion::Bic, "[12,14,23,24,34]", 6_349.0);
    check("lesbian_allegheny_4lists", Criterion::Aic, "[124,134,23]", 9_909.0);
    check("diabetes_casale_4lists", Criterion::Bic, "[13,24,34]", 2_472.0);
    check("diabetes_casale_4lists", Criterion::Aic, "[12,13,23,24,34]", 2_771.0);
    check("spina_bifida_ny_3lists", Criterion::Bic, "[12,3]", 731.0);
    check("spina_bifida_ny_3lists", Criterion::Aic, "[12,23]", 758.0);
    check("madigan_york_5lists", Criterion::Bic, "[12,13,45]", 620.0);
    check("madigan_york_5lists", Criterion::Aic, "[12,13,24,45]", 635.0);
    check("us_western_site_trafficking_5lists", Criterion::Bic, "[15,2,3,4]", 2_483.0);
    check("us_western_site_trafficking_5lists", Criterion::Aic, "[12,15,45,3]", 2_450.0);
}

#[test]
fn kosovo_bic_best_reproduces_ball_et_al() {
    // Rcapture: 10,356.5, profile CI 8,994-12,110 (Ball et al. 2002 published 10,356,
    // 9,002-12,122). Tolerance: half a person on the estimate, one person on the interval.
    let estimate = loglinear::estimate(&data_set("kosovo_1999_4lists"), Criterion::Bic).unwrap();
    assert_eq!(estimate.search.best().model.to_string(), "[123,14,34]");
    assert!((estimate.estimate - 10_356.5).abs() < 0.5, "{}", estimate.estimate);
    assert!((estimate.interval.0 - 8_994.0).abs() < 1.0, "{:?}", estimate.interval);
    assert!((estimate.interval.1 - 12_110.0).abs() < 1.0, "{:?}", estimate.interval);
}

#[test]
fn profile_interval_of_the_aic_model() {
    // Rcapture: [123,134] gives 12,741, profile CI 10,184-16,703.
    let estimate = loglinear::estimate(&data_set("kosovo_1999_4lists"), Criterion::Aic).unwrap();
    assert!((estimate.interval.0 - 10_184.0).abs() < 1.0, "{:?}", estimate.interval);
    assert!((estimate.interval.1 - 16_703.0).abs() < 1.0, "{:?}", estimate.interval);
}

#[test]
fn six_lists_are_searched_stepwise() {
    let search = loglinear::search(&data_set("uk_modern_slavery_2013_6lists"), Criterion::Bic).unwrap();
    assert!(!search.exhaustive);
    assert!(search.best().estimate >= 2_744.0);
}
