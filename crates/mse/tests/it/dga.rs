//! Graphical model averaging: dga's posterior on the reference data sets.

use mse::dga::{self, DgaConfig};

use super::data_set;

/// Checks median and 95% interval exactly (the posterior is computed exactly on the same grid as
/// dga's, so its quantiles are the same integers).
fn check(name: &str, median: u64, interval: (u64, u64)) {
    let posterior = dga::estimate(&data_set(name), &DgaConfig::standard()).unwrap();
    assert_eq!((posterior.median(), posterior.interval()), (median, interval), "{name}");
}

#[test]
fn posteriors_match_dga() {
    // shared/research/mse.md, section 3: δ = 2^-J, grid 0..10 n.
    check("kosovo_1999_4lists", 12_595, (9_827, 16_544));
    check("hiv_rome_4lists", 11_220, (9_404, 14_094));
    check("lesbian_allegheny_4lists", 5_131, (4_635, 5_749));
    check("diabetes_casale_4lists", 2_471, (2_376, 2_589));
    check("spina_bifida_ny_3lists", 731, (694, 787));
    check("madigan_york_5lists", 618, (590, 656));
    check("us_western_site_trafficking_5lists", 2_113, (1_339, 3_420));
}

#[test]
fn kosovo_mode_top_graph_and_grid_edge() {
    let posterior = dga::estimate(&data_set("kosovo_1999_4lists"), &DgaConfig::standard()).unwrap();
    assert_eq!(posterior.mode(), 12_267);
    assert_eq!(posterior.graphs[0].name, "[123,134]");
    assert!((posterior.graphs[0].weight - 0.986).abs() < 0.0005, "{}", posterior.graphs[0].weight);
    // On the Western site the default grid leaves 2.2% of the mass at its end; a grid to 30 n
    // gives dga's 2,133 (1,343-3,871).
    let western = data_set("us_western_site_trafficking_5lists");
    let short = dga::estimate(&western, &DgaConfig::standard()).unwrap();
    assert!((short.share_near_grid_edge() - 0.022).abs() < 0.001, "{}", short.share_near_grid_edge());
    let long = dga::estimate(&western, &DgaConfig { grid_factor: 30, ..DgaConfig::standard() }).unwrap();
    assert_eq!((long.median(), long.interval()), (2_133, (1_343, 3_871)));
}
