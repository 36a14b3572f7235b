//! The true dead of the scenario and the incidents they died in.
//!
//! These people are the ground truth that record linkage and estimation are scored against: they
//! are never emitted as `Person`s, only as rows of the four partial lists (see `lists`).

use jiff::civil::Date;
use rand::Rng as _;
use rand::seq::SliceRandom;

use crate::Scale;
use crate::geo::{ALMATY, CITIES, SEMEY, TALDYKORGAN};
use crate::names::NameParts;
use crate::util::{Rng, add_days, chance, day, pick, pick_ref, weighted};
use domain::entity::Gender;

/// How the person died, which decides where they are likely to be listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DeathKind {
    /// Shot during the unrest; the state may call them an "attacker" or a "violator".
    Protester,
    /// A bystander caught in the shooting.
    Bystander,
    /// Police or military.
    Security,
    /// Died in custody after detention (torture).
    Custody,
}

/// One true dead person.
#[derive(Clone, Debug)]
pub(crate) struct Dead {
    pub(crate) key: String,
    pub(crate) name: NameParts,
    pub(crate) birth: Date,
    pub(crate) age: u8,
    pub(crate) city: usize,
    pub(crate) site: &'static str,
    /// The day of the shooting or detention.
    pub(crate) event_date: Date,
    pub(crate) death_date: Date,
    pub(crate) kind: DeathKind,
    pub(crate) child: bool,
    /// Whether families and journalists could find out about the death (correlates the lists).
    pub(crate) visible: bool,
}

impl Dead {
    pub(crate) fn died_later(&self) -> bool {
        self.death_date > self.event_date
    }
}

/// Days 4..=11 January 2022 with the peak on 5-6 January.
const EVENT_DAYS: [(i8, f64); 8] =
    [(4, 0.08), (5, 0.31), (6, 0.30), (7, 0.12), (8, 0.09), (9, 0.05), (10, 0.03), (11, 0.02)];

fn event_day(rng: &mut Rng) -> Date {
    let weights: Vec<f64> = EVENT_DAYS.iter().map(|(_, w)| *w).collect();
    day(2022, 1, EVENT_DAYS[weighted(rng, &weights)].0)
}

fn age_on(birth: Date, on: Date) -> u8 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age.clamp(0, 120) as u8
}

fn birth_for_age(rng: &mut Rng, age: i16, on: Date) -> Date {
    let start = day(on.year() - age - 1, on.month(), on.day());
    add_days(start, rng.random_range(1..365))
}

/// Draws the true dead: about 240 for the full scale (about 60 for the small one).
pub(crate) fn draw(rng: &mut Rng, scale: Scale) -> Vec<Dead> {
    let (total, security, custody_cities, children): (usize, usize, &[usize], usize) = match scale {
        Scale::Full => (rng.random_range(232..=250), 19, &[ALMATY, ALMATY, SEMEY, SEMEY, SEMEY, TALDYKORGAN], 4),
        Scale::Small => (rng.random_range(56..=64), 5, &[ALMATY, SEMEY], 1),
    };
    let city_weights: Vec<f64> = CITIES.iter().map(|c| c.deaths).collect();
    let mut dead = Vec::with_capacity(total);
    for i in 0..total {
        let custody = custody_cities.len();
        let child = (security + custody..security + custody + children).contains(&i);
        let kind = if i < security {
            DeathKind::Security
        } else if i < security + custody {
            DeathKind::Custody
        } else if child || chance(rng, 0.12) {
            DeathKind::Bystander
        } else {
            DeathKind::Protester
        };
        let city = match kind {
            DeathKind::Custody => custody_cities[i - security],
            _ if child => pick(rng, &[ALMATY, ALMATY, ALMATY, TALDYKORGAN]),
            _ => weighted(rng, &city_weights),
        };
        let event_date = match kind {
            DeathKind::Custody => day(2022, 1, rng.random_range(5..=9)),
            _ => event_day(rng),
        };
        let death_date = match kind {
            DeathKind::Custody => add_days(event_date, rng.random_range(2..=15)),
            DeathKind::Security => event_date,
            _ if chance(rng, 0.10) => add_days(event_date, rng.random_range(1..=40)),
            _ => event_date,
        };
        let gender = match kind {
            DeathKind::Security | DeathKind::Custody => Gender::Male,
            _ if child => pick(rng, &[Gender::Male, Gender::Female]),
            DeathKind::Bystander if chance(rng, 0.3) => Gender::Female,
            _ if chance(rng, 0.06) => Gender::Female,
            _ => Gender::Male,
        };
        let age: i16 = if child {
            rng.random_range(4..=16)
        } else {
            match kind {
                DeathKind::Security => rng.random_range(21..=45),
                _ => 18 + (rng.random_range(0..=30) + rng.random_range(0..=25)),
            }
        };
        let birth = birth_for_age(rng, age, death_date);
        let name = NameParts::draw(rng, gender, 0.88);
        let site = pick(rng, CITIES[city].sites);
        let visible = !chance(rng, 0.3);
        dead.push(Dead {
            key: String::new(),
            name,
            age: age_on(birth, death_date),
            birth,
            city,
            site,
            event_date,
            death_date,
            kind,
            child,
            visible,
        });
    }
    // Shuffle before numbering, so that a person key says nothing about how the person died.
    dead.shuffle(rng);
    for (i, d) in dead.iter_mut().enumerate() {
        d.key = format!("D{:04}", i + 1);
    }
    dead
}

/// What the later stages need to know about an incident (for attributions, testimonies, evidence).
#[derive(Clone, Debug)]
pub(crate) struct IncidentMeta {
    pub(crate) city: usize,
    pub(crate) date: Date,
    pub(crate) kind: domain::entity::ViolationKind,
    pub(crate) site: String,
    /// The unit holding the victims (torture, detention, custody), when known.
    pub(crate) unit: Option<&'static str>,
}

/// Groups the dead into killing incidents (city, day of shooting, site) and one incident per death
/// in custody. The victim counts of these incidents add up to the number of true deaths.
pub(crate) fn incidents(
    rng: &mut Rng,
    dead: &[Dead],
    sources: &[domain::id::SourceId],
) -> (Vec<domain::entity::Incident>, Vec<IncidentMeta>) {
    use domain::entity::{Incident, Violation, ViolationKind};
    use domain::id::{IncidentId, ViolationId};
    use std::collections::BTreeMap;

    let mut groups: BTreeMap<(Date, usize, &str), u32> = BTreeMap::new();
    let mut custody = Vec::new();
    for d in dead {
        if d.kind == DeathKind::Custody {
            custody.push(d);
        } else {
            *groups.entry((d.event_date, d.city, d.site)).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    let mut meta = Vec::new();
    for ((date, city, site), count) in groups {
        let c = &CITIES[city];
        let injured = count * rng.random_range(2..=6) + rng.random_range(0..5);
        out.push(Incident {
            id: IncidentId::from_bits(rng.random()),
            title: format!("Shooting near {site}, {} ({date})", c.en),
            date: domain::date::FuzzyDate::exact(date),
            place: c.place_at(site),
            description: format!(
                "Security forces opened fire near {site} in {}. {count} people were killed and about {injured} injured (synthetic demo incident).",
                c.en
            ),
            violations: vec![
                Violation { id: ViolationId::from_bits(rng.random()), kind: ViolationKind::Killing, victim: None, victim_count: count },
                Violation { id: ViolationId::from_bits(rng.random()), kind: ViolationKind::Injury, victim: None, victim_count: injured },
            ],
            source_ids: vec![pick_ref(rng, sources).clone(), pick_ref(rng, sources).clone()],
        });
        meta.push(IncidentMeta { city, date, kind: ViolationKind::Killing, site: site.to_owned(), unit: None });
    }
    for d in custody {
        let c = &CITIES[d.city];
        let site = "temporary holding facility of the police department";
        let date = domain::date::FuzzyDate::between(d.event_date, d.death_date)
            .unwrap_or(domain::date::FuzzyDate::exact(d.death_date));
        out.push(Incident {
            id: IncidentId::from_bits(rng.random()),
            title: format!("Death in custody, {} ({})", c.en, d.death_date),
            date,
            place: c.place_at(site),
            description: format!(
                "A man detained on {} died in custody on {}; the forensic report records injuries consistent with beatings (synthetic demo incident).",
                d.event_date, d.death_date
            ),
            violations: vec![
                Violation { id: ViolationId::from_bits(rng.random()), kind: ViolationKind::DeathInCustody, victim: None, victim_count: 1 },
                Violation { id: ViolationId::from_bits(rng.random()), kind: ViolationKind::Torture, victim: None, victim_count: 1 },
            ],
            source_ids: vec![pick_ref(rng, sources).clone()],
        });
        meta.push(IncidentMeta {
            city: d.city,
            date: d.event_date,
            kind: ViolationKind::DeathInCustody,
            site: site.to_owned(),
            unit: Some(match d.city {
                crate::geo::ALMATY => "ivs-almaty",
                crate::geo::SEMEY => "police-semey",
                _ => "knb-almaty-region",
            }),
        });
    }
    (out, meta)
}
