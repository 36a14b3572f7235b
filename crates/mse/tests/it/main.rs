//! Integration tests of the estimation engine against the published figures and R's packages'
//! results on the reference data sets (`shared/data/mse/`, copied into `tests/data/`).
//!
//! Slow tests (pooled seeds, coverage on simulated populations) run only when `MSE_SLOW_TESTS` is
//! set; the default tests take seconds.

mod dga;
mod lcmcr;
mod loglinear;
mod properties;
mod slow;
mod strata;

use mse::CaptureTable;

/// A reference data set from `tests/data`.
fn data_set(name: &str) -> CaptureTable {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(format!("{name}.csv"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    mse::table::parse_csv(&text).unwrap().table.total()
}

/// Whether the slow tests were asked for.
fn slow_tests() -> bool {
    std::env::var_os("MSE_SLOW_TESTS").is_some()
}
