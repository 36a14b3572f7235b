//! A deterministic generator for the synthetic demo scenario (DESIGN.md, "The demo scenario"):
//! four partial lists of the dead with realistic spelling variation, detentions, torture
//! allegations and cases, a security-force unit hierarchy with postings, deployments and foreign
//! assistance, attributions, evidence, testimonies, official figures and a vetting request.
//!
//! Pure: no I/O, no clock, no global state. Everything is drawn from one seeded generator, so the
//! same [`DemoConfig`] always yields the same [`Scenario`] and the same CSV bytes. The ground truth
//! ([`Truth`]) is kept so that record linkage and estimation can be scored against it.
//!
//! Beside the scenario: labelled person pairs for the match score ([`labelled_pairs`]) and a large
//! dedupe set with known truth for the linkage benchmark ([`generate_dedupe`]); a large security-force
//! registry with nominees and their truth for the screening benchmark ([`generate_forces_registry`]).

mod abuses;
mod canary;
mod complaints;
mod dead;
mod dedupe;
mod forces;
mod forces_registry;
mod geo;
mod lists;
mod names;
mod pairs;
mod paper;
mod util;

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use domain::entity::{
    Assistance, Attribution, Case, Claim, Deployment, Evidence, Incident, NewAllegation, NewTestimony, Person, Posting,
    PressureReport, Record, Reliability, Source, SourceKind, Unit, VettingRequest, Withdrawal,
};
use domain::id::{NomineeId, PersonId, SourceId, UnitId};

pub use crate::canary::{canary_forms, find_canary};
pub use crate::dedupe::{
    DEDUPE_HEADER, DEDUPE_SOURCE, DEDUPE_TRUTH_HEADER, DedupeConfig, DedupeRecord, DedupeSummary, SourceStyle,
    dedupe_csv, generate_dedupe,
};
pub use crate::forces_registry::{ForcesConfig, ForcesRegistry, generate_forces_registry};
pub use crate::pairs::{LabelledPair, labelled_pairs, pairs_csv};
use crate::util::{Sources, day, fork};

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoConfig {
    pub seed: u64,
    pub scale: Scale,
}

/// How big the scenario is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// About 240 deaths, 9,600 detentions, 250-300 torture allegations.
    Full,
    /// About 60 deaths and a tenth of the detentions and allegations, for fast tests.
    Small,
}

/// One of the four lists of the dead, as imported records of its source.
#[derive(Clone, Debug)]
pub struct VictimList {
    /// `official`, `ngo`, `media` or `morgue`.
    pub key: &'static str,
    pub source_id: SourceId,
    pub records: Vec<Record>,
}

/// Everything the demo loads into a fresh instance.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Every source referenced anywhere in the scenario.
    pub sources: Vec<Source>,
    /// The lists of the dead, in the order official, ngo, media, morgue.
    pub lists: Vec<VictimList>,
    /// Detainees, torture victims and officials (not the dead: their registry comes from linkage).
    pub persons: Vec<Person>,
    pub incidents: Vec<Incident>,
    pub allegations: Vec<NewAllegation>,
    /// Complaints withdrawn, beside the allegations they withdraw (which stay).
    pub withdrawals: Vec<Withdrawal>,
    /// Pressure reported on complainants.
    pub pressure_reports: Vec<PressureReport>,
    pub cases: Vec<Case>,
    pub units: Vec<Unit>,
    pub postings: Vec<Posting>,
    pub deployments: Vec<Deployment>,
    pub assistance: Vec<Assistance>,
    pub attributions: Vec<Attribution>,
    pub evidence: Vec<Evidence>,
    pub testimonies: Vec<NewTestimony>,
    pub claims: Vec<Claim>,
    pub vetting_requests: Vec<VettingRequest>,
    /// The truth about each nominee of the vetting request, in the request's order.
    pub vetting_truth: Vec<NomineeTruth>,
    pub truth: Truth,
}

/// Who a nominee of the demo's vetting request is, and whether the registry implicates them,
/// computed from the scenario's own attributions, incidents and postings (not by screening).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NomineeTruth {
    pub nominee_id: NomineeId,
    /// The registry person the nominee is (an official of the scenario), if any.
    pub person_id: Option<PersonId>,
    /// The registry unit the unit nominee is, if any.
    pub unit_id: Option<UnitId>,
    /// An attribution names the person or unit, or the person was posted to a unit an
    /// attribution names while its incident took place.
    pub implicated: bool,
}

/// The ground truth about the dead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Truth {
    pub true_deaths: u32,
    /// True deaths that appear on none of the four lists.
    pub unlisted_deaths: u32,
    /// One row per list record, naming the true person it describes.
    pub rows: Vec<TruthRow>,
}

/// Which true person a list record describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TruthRow {
    pub list: &'static str,
    /// The list's own `record_id` cell.
    pub record_id: String,
    /// One key per true dead person, e.g. `D0001`.
    pub person_key: String,
}

/// Generates the scenario for a seed and scale.
pub fn generate(config: &DemoConfig) -> Scenario {
    let mut master = Xoshiro256PlusPlus::seed_from_u64(config.seed);
    // One child generator per stage, drawn up front, so each stage's output depends only on the seed.
    let mut rng_sources = fork(&mut master);
    let mut rng_dead = fork(&mut master);
    let mut rng_lists = fork(&mut master);
    let mut rng_incidents = fork(&mut master);
    let mut rng_forces = fork(&mut master);
    let mut rng_abuses = fork(&mut master);
    let mut rng_paper = fork(&mut master);
    // Forked last, so that adding it left every earlier stage's draws as they were.
    let mut rng_complaints = fork(&mut master);

    let mut sources = Sources::default();
    let rs = &mut rng_sources;
    let list_sources = [
        sources.add(
            rs,
            SourceKind::OfficialList,
            "Official list of the dead (synthetic)",
            "Prosecutor General's Office (synthetic)",
            Some(day(2022, 8, 16)),
            Reliability::B,
        ),
        sources.add(
            rs,
            SourceKind::NgoList,
            "NGO list of the dead compiled from family reports (synthetic)",
            "Human-rights foundation (synthetic)",
            Some(day(2022, 7, 20)),
            Reliability::B,
        ),
        sources.add(
            rs,
            SourceKind::MediaList,
            "Media list of the victims of January 2022 (synthetic)",
            "Independent media outlet (synthetic)",
            Some(day(2022, 6, 30)),
            Reliability::C,
        ),
        sources.add(
            rs,
            SourceKind::MorgueList,
            "Morgue intake register, January-February 2022 (synthetic)",
            "Forensic medicine centre (synthetic)",
            Some(day(2022, 2, 28)),
            Reliability::A,
        ),
    ];
    let incident_sources = vec![
        sources.add(
            rs,
            SourceKind::MediaItem,
            "Media reports on the January 2022 shootings (synthetic)",
            "Independent media outlet (synthetic)",
            Some(day(2022, 1, 20)),
            Reliability::C,
        ),
        sources.add(
            rs,
            SourceKind::Dataset,
            "Verified video archive of the January events (synthetic)",
            "Open-source investigations group (synthetic)",
            Some(day(2022, 1, 26)),
            Reliability::B,
        ),
        sources.add(
            rs,
            SourceKind::Document,
            "NGO monitoring report on January 2022 (synthetic)",
            "Human-rights bureau (synthetic)",
            Some(day(2022, 3, 1)),
            Reliability::B,
        ),
    ];

    let dead = dead::draw(&mut rng_dead, config.scale);
    let member = lists::membership(&mut rng_lists, &dead);
    let (victim_lists, truth_rows) = lists::build(&mut rng_lists, config.scale, &dead, &member, list_sources);
    let unlisted = member.iter().filter(|m| !m.iter().any(|x| *x)).count();
    let (mut incidents, mut meta) = dead::incidents(&mut rng_incidents, &dead, &incident_sources);

    let forces = forces::build(&mut rng_forces, &mut sources);
    let abuses = abuses::build(
        &mut rng_abuses,
        config.scale,
        dead.len(),
        &incidents,
        &meta,
        &forces,
        &mut sources,
        &incident_sources,
    );
    incidents.extend(abuses.incidents);
    meta.extend(abuses.meta);
    let paper = paper::build(&mut rng_paper, &incidents, &meta, &forces, &mut sources, &incident_sources, config.scale);

    let mut allegations = abuses.allegations;
    let complaints = complaints::build(&mut rng_complaints, &mut allegations, &incidents);

    let mut persons = abuses.persons;
    persons.extend(forces.officials.iter().map(|o| o.person.clone()));

    Scenario {
        sources: sources.all,
        lists: victim_lists,
        persons,
        incidents,
        allegations,
        withdrawals: complaints.withdrawals,
        pressure_reports: complaints.pressure_reports,
        cases: abuses.cases,
        units: forces.units,
        postings: forces.postings,
        deployments: forces.deployments,
        assistance: forces.assistance,
        attributions: paper.attributions,
        evidence: paper.evidence,
        testimonies: paper.testimonies,
        claims: paper.claims,
        vetting_requests: vec![paper.vetting],
        vetting_truth: paper.vetting_truth,
        truth: Truth { true_deaths: dead.len() as u32, unlisted_deaths: unlisted as u32, rows: truth_rows },
    }
}

fn csv_bytes<'a>(rows: impl IntoIterator<Item = Vec<&'a str>>) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Writing to a Vec cannot fail.
        writer.write_record(row).expect("write to memory");
    }
    writer.into_inner().unwrap_or_default()
}

/// The standard victim-list layout as CSV bytes (UTF-8, header row).
pub fn list_csv(list: &VictimList) -> Vec<u8> {
    let header = lists::HEADER.to_vec();
    let rows = list.records.iter().map(|r| r.verbatim.iter().map(|(_, cell)| cell.as_str()).collect());
    csv_bytes(std::iter::once(header).chain(rows))
}

/// `truth.csv`: columns `list,record_id,person_key`.
pub fn truth_csv(truth: &Truth) -> Vec<u8> {
    let header = vec!["list", "record_id", "person_key"];
    let rows = truth.rows.iter().map(|r| vec![r.list, r.record_id.as_str(), r.person_key.as_str()]);
    csv_bytes(std::iter::once(header).chain(rows))
}

/// A short JSON summary of the ground truth and the list sizes.
pub fn truth_summary_json(truth: &Truth, lists: &[VictimList]) -> String {
    let listed = truth.true_deaths - truth.unlisted_deaths;
    let per_list: Vec<String> = lists.iter().map(|l| format!("    \"{}\": {}", l.key, l.records.len())).collect();
    format!(
        "{{\n  \"true_deaths\": {},\n  \"unlisted_deaths\": {},\n  \"listed_deaths\": {},\n  \"records_per_list\": {{\n{}\n  }}\n}}\n",
        truth.true_deaths,
        truth.unlisted_deaths,
        listed,
        per_list.join(",\n")
    )
}
