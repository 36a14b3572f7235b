//! Prints the headline numbers of a scenario (run with `--nocapture`), and checks nothing else.

use demo::{DemoConfig, Scale, generate};

#[test]
#[ignore = "diagnostic output only"]
fn print_stats() {
    for seed in [1u64, 2, 3] {
        let start = std::time::Instant::now();
        let s = generate(&DemoConfig { seed, scale: Scale::Full });
        let elapsed = start.elapsed();
        let sizes: Vec<usize> = s.lists.iter().map(|l| l.records.len()).collect();
        let court = s
            .allegations
            .iter()
            .filter(|a| a.timeline.iter().any(|t| t.status == domain::entity::AllegationStatus::Tried))
            .count();
        println!(
            "seed {seed}: deaths {} unlisted {} lists {sizes:?} persons {} incidents {} allegations {} court {court} cases {} units {} postings {} attributions {} sources {} nominees {} in {elapsed:?}",
            s.truth.true_deaths,
            s.truth.unlisted_deaths,
            s.persons.len(),
            s.incidents.len(),
            s.allegations.len(),
            s.cases.len(),
            s.units.len(),
            s.postings.len(),
            s.attributions.len(),
            s.sources.len(),
            s.vetting_requests[0].nominees.len(),
        );
        let detained: u32 = s
            .incidents
            .iter()
            .flat_map(|i| &i.violations)
            .filter(|v| v.kind == domain::entity::ViolationKind::ArbitraryDetention)
            .map(|v| v.victim_count)
            .sum();
        let morgue_no_birth = s.lists[3].records.iter().filter(|r| r.fields.birth_date.is_none()).count();
        println!(
            "  detained {detained}; morgue rows without birth date {morgue_no_birth}; claims {}; testimonies {}; evidence {}",
            s.claims.len(),
            s.testimonies.len(),
            s.evidence.len()
        );
        for l in &s.lists {
            let csv = demo::list_csv(l);
            let text = String::from_utf8(csv).unwrap();
            for line in text.lines().take(4) {
                println!("  {line}");
            }
        }
    }
}
