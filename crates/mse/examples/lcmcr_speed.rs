//! Times one chain of the latent-class sampler on a table and prints N's summary, for quick
//! speed and mixing checks while working on the sampler (the benchmark is `bench/mse/run.sh`).
//!
//! `cargo run --release -p mse --example lcmcr_speed -- TABLE.csv [K] [THINNING] [DRAWS] [SEED] [MOVES] [MARGINAL]`
//! (MOVES: collapsed moves per sweep, default 3; MARGINAL: Hamiltonian moves per sweep, default 0;
//! both 0 for LCMCR's plain sweep). With `TRACE=FILE` set, writes
//! every kept draw of N, α, occupied classes and π0 to FILE; `BURN_IN=SWEEPS` and `CHAINS=N` change
//! the burn-in (default 10,000) and the chains (default 1; the trace is the first chain's).

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let number = |index: usize, default: u64| args.get(index).map_or(default, |a| a.parse().expect("a number"));
    let text = std::fs::read_to_string(args.get(1).expect("a table file")).expect("a readable table");
    let table = mse::table::parse_csv(&text).expect("a table").table.total();
    let env = |name: &str, default: u64| std::env::var(name).map_or(default, |v| v.parse().expect("a number"));
    let config = mse::lcmcr::LcmcrConfig {
        n_classes: number(2, 10) as usize,
        thinning: number(3, 100),
        n_draws: number(4, 1000) as usize,
        collapsed_moves: number(6, 3) as usize,
        marginal_moves: number(7, 0) as usize,
        n_chains: env("CHAINS", 1) as usize,
        burn_in: env("BURN_IN", 10_000),
        ..mse::lcmcr::LcmcrConfig::documented(number(5, 1))
    };
    let started = std::time::Instant::now();
    let posterior = mse::lcmcr::sample(&table, &config).expect("a run");
    let seconds = started.elapsed().as_secs_f64();
    let summary = posterior.summary();
    let sweeps = ((config.sweeps_per_chain() + mse::lcmcr::WARM_UP_SWEEPS) * config.n_chains as u64) as f64;
    println!(
        "median {:.0} [{:.0}, {:.0}], ESS {:.0}, R-hat {:.3}, occupied {:.2} (max {}); {seconds:.3} s wall, {:.2} µs per sweep",
        summary.median,
        summary.interval.0,
        summary.interval.1,
        summary.effective_size,
        summary.r_hat.unwrap_or(f64::NAN),
        summary.mean_occupied,
        summary.max_occupied,
        seconds / sweeps * 1e6
    );
    if let Some(path) = std::env::var_os("TRACE") {
        let chain = &posterior.chains[0];
        let mut out = String::from("n,alpha,occupied,prob_zero\n");
        for i in 0..chain.n.len() {
            out.push_str(&format!("{},{},{},{}\n", chain.n[i], chain.alpha[i], chain.occupied[i], chain.prob_zero[i]));
        }
        std::fs::write(path, out).expect("a writable trace file");
    }
}
