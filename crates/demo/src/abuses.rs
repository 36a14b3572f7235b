//! Detentions, torture, and what the complaints led to: detainees as persons grouped into
//! detention incidents, torture incidents per holding facility, allegations with their status
//! timelines (most closed, a few withdrawn under pressure, 5-10% reaching court), and criminal
//! cases with suspects and outcomes (research §3).

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use rand::Rng as _;
use rand::seq::SliceRandom;

use crate::Scale;
use crate::dead::IncidentMeta;
use crate::forces::Forces;
use crate::geo::CITIES;
use crate::names::{NameParts, Scheme};
use crate::util::{Rng, Sources, add_days, chance, day, digits, pick, pick_ref, weighted};
use domain::date::FuzzyDate;
use domain::entity::{
    AllegationStatus as S, AllegationStatusEvent, AllegedPerpetrator, Case, CaseOutcome, Gender, Incident,
    NewAllegation, Person, PersonName, Reliability, Script, SourceKind, Suspect, Violation, ViolationKind,
};
use domain::id::{AllegationId, CaseId, IncidentId, PersonId, SourceId, ViolationId};
use domain::protected::Protected;

pub(crate) struct Abuses {
    pub(crate) persons: Vec<Person>,
    pub(crate) incidents: Vec<Incident>,
    pub(crate) meta: Vec<IncidentMeta>,
    pub(crate) allegations: Vec<NewAllegation>,
    pub(crate) cases: Vec<Case>,
}

/// Detention days 5-15 January, peaking after the shootings.
const DETENTION_DAYS: [f64; 11] = [0.08, 0.15, 0.18, 0.16, 0.13, 0.11, 0.08, 0.05, 0.03, 0.02, 0.01];

/// Relative share of torture complaints per city (same order as `CITIES`).
const TORTURE_WEIGHTS: [f64; 11] = [0.40, 0.15, 0.06, 0.06, 0.07, 0.06, 0.08, 0.02, 0.03, 0.04, 0.03];

/// Holding places per city: unit key and a description of the site.
fn facilities(city: usize) -> &'static [(&'static str, &'static str)] {
    match city {
        0 => &[
            ("ivs-almaty", "temporary holding facility of the city police department"),
            ("knb-almaty", "KNB Department building"),
            ("police-almaty", "a district police station"),
        ],
        1 => &[("police-almaty-region", "city police department"), ("knb-almaty-region", "KNB Department building")],
        2 => &[("police-kyzylorda", "regional police department"), ("knb-kyzylorda", "KNB Department building")],
        3 => &[("police-shymkent", "city police department")],
        4 => &[("police-zhambyl", "regional police department")],
        5 => &[("police-aktobe", "regional police department")],
        6 => &[("police-semey", "city police department")],
        7 | 8 => &[("police-mangystau", "police department")],
        9 => &[("police-west", "regional police department")],
        _ => &[("police-almaty-region", "an unofficial holding site in the district")],
    }
}

struct Detainee {
    id: PersonId,
    name: String,
    city: usize,
    date: Date,
}

const RELATIONS: &[&str] = &["mother", "father", "wife", "sister", "brother", "lawyer"];

const MEDICAL: &[&str] = &[
    "Forensic report: burns on the back and shoulders consistent with a hot iron.",
    "Two broken ribs, bruising of the face and torso; hospitalised for nine days.",
    "Concussion and haematomas on the legs consistent with blows from a baton.",
    "Electric-shock marks on the wrists; post-traumatic stress disorder diagnosed.",
    "Fractured finger and bruising of the kidneys; blood in the urine for a week.",
    "No forensic examination until three weeks after release; scars on the back recorded.",
];

// One stage of `generate`: its inputs are the earlier stages' outputs, passed explicitly.
#[allow(clippy::too_many_arguments)]
pub(crate) fn build(
    rng: &mut Rng,
    scale: Scale,
    deaths: usize,
    killings: &[Incident],
    killing_meta: &[IncidentMeta],
    forces: &Forces,
    sources: &mut Sources,
    incident_sources: &[SourceId],
) -> Abuses {
    let complaints = sources.add(
        rng,
        SourceKind::Dataset,
        "Register of torture complaints collected by the NGO coalition (synthetic)",
        "Coalition against Torture (synthetic)",
        Some(day(2022, 12, 1)),
        Reliability::B,
    );
    let mut persons = Vec::new();
    let mut incidents = Vec::new();
    let mut meta = Vec::new();

    // Detentions: about 40 times the deaths (a tenth of that at the small scale).
    let factor = match scale {
        Scale::Full => 40.0,
        Scale::Small => 16.0,
    };
    let n_det = (deaths as f64 * factor * rng.random_range(0.95..1.05)).round() as usize;
    let city_weights: Vec<f64> = CITIES.iter().map(|c| c.detentions).collect();
    let mut detainees: Vec<Detainee> = Vec::with_capacity(n_det);
    for _ in 0..n_det {
        let city = weighted(rng, &city_weights);
        let date = day(2022, 1, 5 + weighted(rng, &DETENTION_DAYS) as i8);
        let gender = if chance(rng, 0.92) { Gender::Male } else { Gender::Female };
        let name = NameParts::draw(rng, gender, 0.85);
        let (text, script, scheme) = match rng.random_range(0..10) {
            0..=3 => (name.full_kk(), Script::CyrillicKazakh, None),
            4..=7 => (name.full_ru(), Script::CyrillicRussian, None),
            _ => (name.full_latin(Scheme::Passport), Script::Latin, Some(Scheme::Passport.code().to_owned())),
        };
        let birth_date = if chance(rng, 0.3) {
            let birth = add_days(day(rng.random_range(1960..=2004), 1, 1), rng.random_range(0..365));
            Some(if chance(rng, 0.8) {
                FuzzyDate::exact(birth)
            } else {
                FuzzyDate::year(birth.year()).unwrap_or(FuzzyDate::exact(birth))
            })
        } else {
            None
        };
        let id = PersonId::from_bits(rng.random());
        persons.push(Person {
            id: id.clone(),
            names: vec![PersonName { text: text.clone(), script, scheme }],
            gender: Some(gender),
            birth_date,
            death_date: None,
            notes: format!("Detained in {} on {date} (synthetic demo person).", CITIES[city].en),
        });
        detainees.push(Detainee { id, name: text, city, date });
    }
    let mut groups: BTreeMap<(usize, Date), Vec<usize>> = BTreeMap::new();
    for (i, d) in detainees.iter().enumerate() {
        groups.entry((d.city, d.date)).or_default().push(i);
    }
    for ((city, date), members) in &groups {
        let c = &CITIES[*city];
        incidents.push(Incident {
            id: IncidentId::from_bits(rng.random()),
            title: format!("Mass detentions in {} ({date})", c.en),
            date: FuzzyDate::exact(*date),
            place: c.place(),
            description: format!(
                "{} people were detained in {} during sweeps after the protests; most were given administrative arrest or warnings (synthetic demo incident).",
                members.len(),
                c.en
            ),
            violations: members
                .iter()
                .map(|i| Violation {
                    id: ViolationId::from_bits(rng.random()),
                    kind: ViolationKind::ArbitraryDetention,
                    victim: Some(detainees[*i].id.clone()),
                    victim_count: 1,
                })
                .collect(),
            source_ids: vec![pick_ref(rng, incident_sources).clone()],
        });
        meta.push(IncidentMeta {
            city: *city,
            date: *date,
            kind: ViolationKind::ArbitraryDetention,
            site: c.en.to_owned(),
            unit: Some(facilities(*city)[0].0),
        });
    }

    // Torture: victims mostly among the detainees, grouped per holding facility.
    let n_torture = match scale {
        Scale::Full => rng.random_range(250..=300),
        Scale::Small => rng.random_range(25..=30),
    };
    let mut by_city: Vec<Vec<usize>> = vec![Vec::new(); CITIES.len()];
    for (i, d) in detainees.iter().enumerate() {
        by_city[d.city].push(i);
    }
    let mut used = BTreeSet::new();
    // (city, facility index) -> victims (detainee index or None for an unidentified victim)
    let mut torture: BTreeMap<(usize, usize), Vec<Option<usize>>> = BTreeMap::new();
    for _ in 0..n_torture {
        let mut city = weighted(rng, &TORTURE_WEIGHTS);
        if by_city[city].is_empty() {
            city = 0;
        }
        let victim = if chance(rng, 0.9) && !by_city[city].is_empty() {
            let mut v = *pick_ref(rng, &by_city[city]);
            for _ in 0..5 {
                if !used.contains(&v) {
                    break;
                }
                v = *pick_ref(rng, &by_city[city]);
            }
            used.insert(v).then_some(v)
        } else {
            None
        };
        let facility = rng.random_range(0..facilities(city).len());
        torture.entry((city, facility)).or_default().push(victim);
    }

    let mut allegations = Vec::new();
    let mut cases = Vec::new();
    // Which allegations reach court: a fixed 5-10% share, chosen up front so the band always holds.
    let n_court = ((n_torture as f64) * rng.random_range(0.05..0.075)).round() as usize;
    let mut court: Vec<bool> = (0..n_torture).map(|i| i < n_court.max(1)).collect();
    court.shuffle(rng);
    let mut k = 0;
    for ((city, facility), victims) in &torture {
        let (unit_key, site) = facilities(*city)[*facility];
        let c = &CITIES[*city];
        let incident_id = IncidentId::from_bits(rng.random());
        incidents.push(Incident {
            id: incident_id.clone(),
            title: format!("Torture of detainees at the {site}, {}", c.en),
            date: FuzzyDate::between(day(2022, 1, 5), day(2022, 1, 25)).unwrap_or(FuzzyDate::exact(day(2022, 1, 5))),
            place: c.place_at(site),
            description: format!(
                "Detainees held at the {site} in {} reported beatings, burns and threats during interrogation (synthetic demo incident).",
                c.en
            ),
            violations: victims
                .iter()
                .map(|v| Violation {
                    id: ViolationId::from_bits(rng.random()),
                    kind: ViolationKind::Torture,
                    victim: v.map(|i| detainees[i].id.clone()),
                    victim_count: 1,
                })
                .collect(),
            source_ids: vec![complaints.clone()],
        });
        meta.push(IncidentMeta {
            city: *city,
            date: day(2022, 1, 7),
            kind: ViolationKind::Torture,
            site: site.to_owned(),
            unit: Some(unit_key),
        });
        let mut court_group = Vec::new();
        for v in victims {
            let detainee = v.map(|i| &detainees[i]);
            let to_court = court[k];
            k += 1;
            let (mut allegation, path) =
                allegation(rng, &incident_id, ViolationKind::Torture, detainee, *city, to_court);
            allegation.perpetrators = perpetrator(forces, Some(unit_key), "officers on duty at the facility");
            match path {
                Path::Court => court_group.push(allegation.id.clone()),
                Path::Investigated(outcome) => cases.push(case(rng, &allegation, outcome, c.en, site, Vec::new())),
                Path::Stopped => {}
            }
            allegations.push(allegation);
        }
        // Court cases group up to three complaints about the same facility, with named suspects.
        for chunk in court_group.chunks(3) {
            let staff = forces.staff(unit_key);
            let mut suspects = Vec::new();
            for _ in 0..rng.random_range(1..=3).min(staff.len()) {
                let o = pick(rng, &staff);
                if !suspects.iter().any(|s: &Suspect| s.person_id == o.person.id) {
                    suspects.push(Suspect {
                        person_id: o.person.id.clone(),
                        unit_id: Some(forces.units[o.unit].id.clone()),
                        rank: Some(o.rank.clone()),
                    });
                }
            }
            let outcome = [
                CaseOutcome::ConditionalSentence,
                CaseOutcome::Conviction,
                CaseOutcome::Amnesty,
                CaseOutcome::Acquittal,
                CaseOutcome::Pending,
            ][weighted(rng, &[0.3, 0.3, 0.15, 0.1, 0.15])];
            let first =
                allegations.iter().find(|a| a.id == chunk[0]).map(|a| a.timeline[0].on).unwrap_or(day(2022, 2, 1));
            cases.push(Case {
                id: CaseId::from_bits(rng.random()),
                number: format!("{}", 22_7510_0310_0000u64 + rng.random_range(0..10_000u64)),
                title: format!("Torture of detainees at the {site}, {}", c.en),
                opened_on: add_days(first, rng.random_range(20..60)),
                allegation_ids: chunk.to_vec(),
                suspects,
                charges: vec![
                    "Criminal Code, Article 146 part 2 (torture)".to_owned(),
                    "Criminal Code, Article 362 (exceeding authority)".to_owned(),
                ],
                outcome,
            });
        }
    }

    // Families of the dead also complain: a few killings and every death in custody.
    let n_killing = if scale == Scale::Full { 12 } else { 3 };
    let killing_idx: Vec<usize> =
        (0..killings.len()).filter(|i| killing_meta[*i].kind == ViolationKind::Killing).collect();
    let custody_idx: Vec<usize> =
        (0..killings.len()).filter(|i| killing_meta[*i].kind == ViolationKind::DeathInCustody).collect();
    let mut convicted_once = false;
    for n in 0..n_killing + custody_idx.len() {
        let taldykorgan = killing_idx.iter().copied().find(|i| killing_meta[*i].city == crate::geo::TALDYKORGAN);
        let (i, kind) = if n == 0 && taldykorgan.is_some() {
            (taldykorgan.unwrap_or_default(), ViolationKind::Killing)
        } else if n < n_killing {
            (*pick_ref(rng, &killing_idx), ViolationKind::Killing)
        } else {
            (custody_idx[n - n_killing], ViolationKind::DeathInCustody)
        };
        let m = &killing_meta[i];
        let c = &CITIES[m.city];
        // The one military conviction for a protest-period death: a shooting near Taldykorgan.
        let to_court = kind == ViolationKind::Killing && m.city == crate::geo::TALDYKORGAN && !convicted_once;
        let (mut allegation, path) = allegation(
            rng,
            &killings[i].id,
            kind,
            None,
            m.city,
            to_court || (kind == ViolationKind::DeathInCustody && n % 2 == 0),
        );
        let unit_key = if to_court { Some("taldykorgan-brigade") } else { m.unit };
        allegation.perpetrators = perpetrator(forces, unit_key, "servicemen or officers present");
        match path {
            Path::Court => {
                let key = if to_court { "taldykorgan-brigade" } else { m.unit.unwrap_or("police-almaty") };
                let staff = forces.staff(key);
                let suspects = staff
                    .iter()
                    .take(if to_court { 1 } else { 2 })
                    .map(|o| Suspect {
                        person_id: o.person.id.clone(),
                        unit_id: Some(forces.units[o.unit].id.clone()),
                        rank: Some(o.rank.clone()),
                    })
                    .collect();
                convicted_once |= to_court;
                cases.push(Case {
                    id: CaseId::from_bits(rng.random()),
                    number: format!("{}", 22_7510_0410_0000u64 + rng.random_range(0..10_000u64)),
                    title: format!(
                        "Death of a man {} in {}",
                        if to_court { "shot at a checkpoint" } else { "in custody" },
                        c.en
                    ),
                    opened_on: add_days(allegation.timeline[0].on, 14),
                    allegation_ids: vec![allegation.id.clone()],
                    suspects,
                    charges: vec![if to_court {
                        "Criminal Code, Article 362 (exceeding authority with the use of weapons)".to_owned()
                    } else {
                        "Criminal Code, Article 146 part 3 (torture resulting in death)".to_owned()
                    }],
                    outcome: if to_court {
                        CaseOutcome::Conviction
                    } else {
                        pick(rng, &[CaseOutcome::Conviction, CaseOutcome::Pending])
                    },
                });
            }
            Path::Investigated(outcome) => cases.push(case(rng, &allegation, outcome, c.en, &m.site, Vec::new())),
            Path::Stopped => {}
        }
        allegations.push(allegation);
    }

    Abuses { persons, incidents, meta, allegations, cases }
}

/// How far an allegation got.
enum Path {
    /// Never investigated, or withdrawn.
    Stopped,
    /// Investigated without trial; the case ends with this outcome.
    Investigated(CaseOutcome),
    /// Reached court.
    Court,
}

fn step(status: S, on: Date, shareable: bool, note: &str) -> AllegationStatusEvent {
    AllegationStatusEvent::new(status, on, shareable, note)
}

/// The unit alleged to have done it: the one holding the facility, or deployed at the killing.
fn perpetrator(forces: &Forces, unit_key: Option<&str>, description: &str) -> Vec<AllegedPerpetrator> {
    unit_key
        .map(|key| AllegedPerpetrator {
            unit_id: Some(forces.unit(key).id.clone()),
            person_id: None,
            description: description.to_owned(),
        })
        .into_iter()
        .collect()
}

fn allegation(
    rng: &mut Rng,
    incident_id: &IncidentId,
    kind: ViolationKind,
    victim: Option<&Detainee>,
    city: usize,
    to_court: bool,
) -> (NewAllegation, Path) {
    let c = &CITIES[city];
    let registered = match victim {
        Some(d) => add_days(d.date, rng.random_range(5..60)),
        None => {
            day(2022, 1, 15).checked_add(jiff::Span::new().days(rng.random_range(0..60))).unwrap_or(day(2022, 2, 1))
        }
    };
    let gender = pick(rng, &[Gender::Female, Gender::Male]);
    let relative = NameParts::draw(rng, gender, 0.85).full_ru();
    let complainant = match victim {
        Some(d) if chance(rng, 0.5) => format!("The victim: {}", d.name),
        _ => format!("{} of the victim: {relative}", pick(rng, RELATIONS)),
    };
    let medical =
        (kind != ViolationKind::Killing && chance(rng, 0.45)).then(|| Protected::new(pick(rng, MEDICAL).to_owned()));
    let mut timeline = vec![step(S::Registered, registered, true, "Complaint registered.")];
    let exam = add_days(registered, rng.random_range(3..15));
    timeline.push(step(S::Examination, exam, false, "Preliminary examination; forensic medical examination ordered."));
    let investigated = add_days(exam, rng.random_range(5..30));
    let roll: f64 = rng.random();
    let path = if to_court {
        Path::Court
    } else if roll < 0.05 {
        timeline.push(step(
            S::Withdrawn,
            add_days(exam, rng.random_range(3..20)),
            true,
            "Complaint withdrawn by the complainant; the lawyer reports visits and pressure from police officers.",
        ));
        Path::Stopped
    } else if roll < 0.35 {
        timeline.push(step(
            S::Closed,
            investigated,
            true,
            "Refusal to open a criminal case: no corpus delicti (injuries attributed to lawful use of force).",
        ));
        Path::Stopped
    } else if roll < 0.45 {
        // Still under examination.
        Path::Stopped
    } else {
        timeline.push(step(
            S::InvestigationOpened,
            investigated,
            true,
            "Pre-trial investigation opened (Article 146, torture).",
        ));
        let closed = add_days(investigated, rng.random_range(60..300));
        match rng.random_range(0..10) {
            0..=4 => {
                timeline.push(step(S::Closed, closed, true, "Investigation closed: perpetrator not identified."));
                Path::Investigated(CaseOutcome::PerpetratorNotIdentified)
            }
            5..=6 => {
                timeline.push(step(S::Closed, closed, true, "Investigation closed: no corpus delicti."));
                Path::Investigated(CaseOutcome::NoCorpusDelicti)
            }
            7 => {
                timeline.push(step(S::Closed, closed, true, "Investigation closed under the 2022 amnesty."));
                Path::Investigated(CaseOutcome::Amnesty)
            }
            _ => Path::Investigated(CaseOutcome::Pending),
        }
    };
    if matches!(path, Path::Court) {
        timeline.push(step(S::InvestigationOpened, investigated, true, "Pre-trial investigation opened."));
        let suspects = add_days(investigated, rng.random_range(30..120));
        timeline.push(step(S::SuspectsIdentified, suspects, false, "Suspects identified among the officers on duty."));
        let charged = add_days(suspects, rng.random_range(20..60));
        timeline.push(step(S::Charged, charged, true, "Officers charged; case sent to court."));
        let tried = add_days(charged, rng.random_range(30..120));
        timeline.push(step(S::Tried, tried, true, &format!("Trial opened at the {} city court.", c.en)));
        let verdict = add_days(tried, rng.random_range(10..60));
        timeline.push(step(S::Verdict, verdict, true, "Verdict delivered."));
        if chance(rng, 0.3) {
            timeline.push(step(S::Appeal, add_days(verdict, rng.random_range(10..30)), true, "Appeal lodged."));
        }
    }
    let investigated_or_court = timeline.iter().any(|s| s.status == S::InvestigationOpened);
    let registration_number = if investigated_or_court {
        Some(format!("ERDR {}", 227_500_000_000_000_u64 + rng.random_range(0..1_000_000_000u64)))
    } else if chance(rng, 0.6) {
        Some(format!("KUI {}-{}", c.ru, digits(rng, 5)))
    } else {
        None
    };
    let handling_body = Some(if investigated_or_court {
        pick_ref(rng, &["Anti-Corruption Service".to_owned(), format!("Prosecutor's Office of {}", c.en)]).clone()
    } else {
        pick_ref(
            rng,
            &["Internal Security Department of the police".to_owned(), format!("Prosecutor's Office of {}", c.en)],
        )
        .clone()
    });
    let allegation = NewAllegation {
        id: AllegationId::from_bits(rng.random()),
        incident_id: Some(incident_id.clone()),
        victim: victim.map(|d| d.id.clone()),
        kind,
        complainant: Protected::new(complainant),
        medical,
        registration_number,
        handling_body,
        timeline,
        perpetrators: Vec::new(),
        details: None,
    };
    (allegation, path)
}

fn case(
    rng: &mut Rng,
    allegation: &NewAllegation,
    outcome: CaseOutcome,
    city: &str,
    site: &str,
    suspects: Vec<Suspect>,
) -> Case {
    let opened = allegation
        .timeline
        .iter()
        .find(|s| s.status == S::InvestigationOpened)
        .map_or(allegation.timeline[0].on, |s| s.on);
    Case {
        id: CaseId::from_bits(rng.random()),
        number: format!("{}", 22_7510_0310_0000u64 + rng.random_range(0..10_000u64)),
        title: format!("Complaint of {} at the {site}, {city}", allegation.kind.as_str().replace('-', " ")),
        opened_on: opened,
        allegation_ids: vec![allegation.id.clone()],
        suspects,
        charges: vec!["Criminal Code, Article 146 (torture)".to_owned()],
        outcome,
    }
}
