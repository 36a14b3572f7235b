//! Invariants over random tables: estimates are never below the persons observed, tables survive
//! a round trip through CSV, and a seed gives the same draws on one thread or several.

use mse::dga::{self, DgaConfig};
use mse::lcmcr::{self, LcmcrConfig};
use mse::loglinear::{self, Criterion};
use mse::table::{self, Stratum};
use mse::{CaptureTable, StratifiedTable};
use proptest::prelude::*;

fn lists(n_lists: usize) -> Vec<String> {
    (0..n_lists).map(|j| format!("list {j}")).collect()
}

/// Tables of 3 or 4 lists where every list names somebody.
fn tables() -> impl Strategy<Value = CaptureTable> {
    (3usize..=4).prop_flat_map(|n_lists| {
        proptest::collection::vec(0u64..300, (1 << n_lists) - 1).prop_filter_map(
            "every list names somebody",
            move |counts| {
                let table = CaptureTable::new(lists(n_lists), &counts).ok()?;
                (table.check_estimable().is_ok() && table.n_observed() >= 10).then_some(table)
            },
        )
    })
}

/// A short run with every kind of move (the Hamiltonian ones too), so that the properties hold
/// for all of them.
fn tiny_config(seed: u64) -> LcmcrConfig {
    LcmcrConfig {
        n_classes: 3,
        burn_in: 100,
        n_draws: 30,
        thinning: 3,
        n_chains: 2,
        marginal_moves: 1,
        ..LcmcrConfig::documented(seed)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn estimates_are_at_least_the_persons_observed(table in tables(), seed in 0u64..1000) {
        let n = table.n_observed() as f64;
        if let Ok(search) = loglinear::search(&table, Criterion::Bic) {
            prop_assert!(search.fits.iter().all(|fit| fit.estimate >= n));
        }
        let dga = dga::estimate(&table, &DgaConfig::standard()).unwrap();
        prop_assert!(dga.interval().0 >= table.n_observed());
        let posterior = lcmcr::sample(&table, &tiny_config(seed)).unwrap();
        for chain in &posterior.chains {
            prop_assert!(chain.n.iter().all(|draw| (table.n_observed()..=posterior.n_max).contains(draw)));
        }
    }

    #[test]
    fn tables_round_trip_through_csv(
        n_lists in 1usize..=5,
        strata in proptest::collection::vec(("[a-z ,\"]{1,6}", proptest::collection::vec(0u64..50, 31)), 1..4),
    ) {
        let strata: Vec<Stratum> = strata
            .into_iter()
            .enumerate()
            .map(|(index, (label, counts))| Stratum {
                label: format!("{label}{index}"),
                table: CaptureTable::new(lists(n_lists), &counts[..(1 << n_lists) - 1]).unwrap(),
            })
            .collect();
        let original = StratifiedTable::new(strata).unwrap();
        let parsed = table::parse_csv(&original.to_csv()).unwrap();
        prop_assert_eq!(parsed.table, original);
        prop_assert!(parsed.notes.is_empty());
    }

    #[test]
    fn per_record_histories_aggregate(patterns in proptest::collection::vec(1u64..8, 1..60)) {
        let mut text = String::from("a,b,c\n");
        for pattern in &patterns {
            text.push_str(&format!("{},{},{}\n", pattern & 1, pattern >> 1 & 1, pattern >> 2 & 1));
        }
        let parsed = table::parse_csv(&text).unwrap().table.total();
        let direct = CaptureTable::from_patterns(lists(3), patterns.iter().map(|p| (*p, 1))).unwrap();
        prop_assert_eq!(parsed.counts(), direct.counts());
    }
}

#[test]
fn a_seed_gives_the_same_draws_on_any_number_of_threads() {
    let table = CaptureTable::new(lists(3), &[50, 40, 12, 35, 10, 9, 4]).unwrap();
    let config = tiny_config(77);
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| lcmcr::sample(&table, &config).unwrap())
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(3));
    let other = lcmcr::sample(&table, &LcmcrConfig { seed: 78, ..config }).unwrap();
    assert_ne!(one.chains[0].n, other.chains[0].n);
    // The graphical-model posterior sums 822 graphs in fixed chunks: the same on any number of
    // threads too.
    let five = CaptureTable::new(lists(5), &(1..32).map(|i| (i * 7 % 23) as u64).collect::<Vec<_>>()).unwrap();
    let dga_on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| dga::estimate(&five, &DgaConfig::standard()).unwrap())
    };
    assert_eq!(dga_on(1), dga_on(3));
}
