//! A large synthetic security-force registry with known truth, for the screening benchmark
//! (issue 8): persons with careers of postings, units in a hierarchy of four levels with names in
//! English, Russian and Kazakh (some renamed, some moved under another parent over time) and unit
//! numbers, incidents attributed to units and commanders, assistance, sources; and a batch of
//! nominees (registry persons written in Latin script as a foreign partner writes them, persons
//! not in the registry, units by any of their names or number) with the truth about each.
//!
//! The truth is computed here from the generated attributions, incidents, postings and parents,
//! not by the screening engine: a person is implicated when an attribution names them, when they
//! were posted to a unit an attribution names while its incident took place, or when they
//! commanded a unit above it at the time; a person nominee also when the unit they are put
//! forward with is named by an attribution; a unit nominee when an attribution names the unit.
//!
//! Pure and deterministic for a seed. Names come from the dedupe set's stocks and spellings.

use jiff::civil::{Date, date};
use rand::seq::SliceRandom as _;
use rand::{Rng as _, SeedableRng as _};

use domain::date::FuzzyDate;
use domain::entity::{
    Assistance, AssistanceKind, Attribution, Confidence, Gender, Incident, Nominee, NomineeKind, Person, PersonName,
    Place, Posting, Reliability, Script, Source, SourceKind, Subject, Unit, UnitKind, UnitName, UnitParent, Violation,
    ViolationKind,
};
use domain::id::{
    AssistanceId, AttributionId, IncidentId, NomineeId, PersonId, PostingId, SourceId, UnitId, ViolationId,
};

use crate::NomineeTruth;
use crate::dedupe::{self, LETTERS_LATIN, SourceStyle, Stock};
use crate::geo::CITIES;
use crate::names::{Scheme, transliterate};
use crate::util::{Rng, add_days, chance};

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ForcesConfig {
    pub seed: u64,
    pub persons: usize,
    pub units: usize,
    pub nominees: usize,
}

/// The registry and the nominees with their truth.
#[derive(Clone, Debug)]
pub struct ForcesRegistry {
    pub sources: Vec<Source>,
    pub persons: Vec<Person>,
    pub units: Vec<Unit>,
    pub postings: Vec<Posting>,
    pub assistance: Vec<Assistance>,
    pub incidents: Vec<Incident>,
    pub attributions: Vec<Attribution>,
    pub nominees: Vec<Nominee>,
    /// One per nominee, in the same order.
    pub truth: Vec<NomineeTruth>,
    /// Every registry person the truth counts as implicated, in registry order.
    pub implicated_persons: Vec<PersonId>,
}

/// A unit type: its formation (level 2) and sub-unit (level 3) names in three languages.
struct Kind {
    en_formation: &'static str,
    en_subunit: &'static str,
    ru_formation: &'static str,
    /// The formation in the genitive, for a sub-unit's name (`бригады`).
    ru_formation_of: &'static str,
    ru_subunit: &'static str,
    kk_formation: &'static str,
    /// The formation in the genitive (`бригадасының`).
    kk_formation_of: &'static str,
    kk_subunit: &'static str,
}

macro_rules! kind {
    ($a:literal, $b:literal, $c:literal, $d:literal, $e:literal, $f:literal, $g:literal, $h:literal) => {
        Kind {
            en_formation: $a,
            en_subunit: $b,
            ru_formation: $c,
            ru_formation_of: $d,
            ru_subunit: $e,
            kk_formation: $f,
            kk_formation_of: $g,
            kk_subunit: $h,
        }
    };
}

const KINDS: &[Kind] = &[
    kind!(
        "Motor Rifle Brigade",
        "Motor Rifle Battalion",
        "мотострелковая бригада",
        "бригады",
        "мотострелковый батальон",
        "мотоатқыштар бригадасы",
        "бригадасының",
        "мотоатқыштар батальоны"
    ),
    kind!(
        "Artillery Brigade",
        "Artillery Battalion",
        "артиллерийская бригада",
        "бригады",
        "артиллерийский дивизион",
        "артиллерия бригадасы",
        "бригадасының",
        "артиллерия дивизионы"
    ),
    kind!(
        "Air Assault Brigade",
        "Air Assault Battalion",
        "десантно-штурмовая бригада",
        "бригады",
        "десантно-штурмовой батальон",
        "десанттық-шабуылдау бригадасы",
        "бригадасының",
        "десанттық-шабуылдау батальоны"
    ),
    kind!(
        "Engineer Brigade",
        "Engineer Battalion",
        "инженерная бригада",
        "бригады",
        "инженерный батальон",
        "инженерлік бригадасы",
        "бригадасының",
        "инженерлік батальоны"
    ),
    kind!(
        "Signals Brigade",
        "Signals Battalion",
        "бригада связи",
        "бригады",
        "батальон связи",
        "байланыс бригадасы",
        "бригадасының",
        "байланыс батальоны"
    ),
    kind!(
        "Operational Brigade",
        "Operational Battalion",
        "оперативная бригада",
        "бригады",
        "оперативный батальон",
        "жедел бригадасы",
        "бригадасының",
        "жедел батальоны"
    ),
    kind!(
        "Special Purpose Regiment",
        "Special Purpose Detachment",
        "полк специального назначения",
        "полка",
        "отряд специального назначения",
        "арнайы мақсаттағы полкі",
        "полкінің",
        "арнайы мақсаттағы жасағы"
    ),
    kind!(
        "Patrol Police Regiment",
        "Patrol Police Battalion",
        "полк патрульной полиции",
        "полка",
        "батальон патрульной полиции",
        "патрульдік полиция полкі",
        "полкінің",
        "патрульдік полиция батальоны"
    ),
    kind!(
        "Special Rapid Response Regiment",
        "Special Rapid Response Detachment",
        "полк специального быстрого реагирования",
        "полка",
        "отряд специального быстрого реагирования",
        "арнайы жедел ден қою полкі",
        "полкінің",
        "арнайы жедел ден қою жасағы"
    ),
    kind!(
        "Convoy Regiment",
        "Convoy Battalion",
        "конвойный полк",
        "полка",
        "конвойный батальон",
        "конвой полкі",
        "полкінің",
        "конвой батальоны"
    ),
    kind!(
        "Border Guard Detachment",
        "Border Outpost",
        "пограничный отряд",
        "отряда",
        "пограничная застава",
        "шекара отряды",
        "отрядының",
        "шекара заставасы"
    ),
    kind!(
        "Counter-Terrorism Centre",
        "Counter-Terrorism Group",
        "антитеррористический центр",
        "центра",
        "антитеррористическая группа",
        "терроризмге қарсы орталық",
        "орталығының",
        "терроризмге қарсы топ"
    ),
];

/// A top body: names, the pattern of its regional commands, the kinds of its units.
struct Body {
    en: &'static str,
    ru: &'static str,
    kk: &'static str,
    /// `{}` is the region.
    en_region: &'static str,
    ru_region: &'static str,
    kk_region: &'static str,
    kinds: &'static [usize],
}

const BODIES: &[Body] = &[
    Body {
        en: "Ministry of Internal Affairs",
        ru: "Министерство внутренних дел",
        kk: "Ішкі істер министрлігі",
        en_region: "{} Police Department",
        ru_region: "Департамент полиции {}",
        kk_region: "{} полиция департаменті",
        kinds: &[7, 8, 6, 9],
    },
    Body {
        en: "Ministry of Defence",
        ru: "Министерство обороны",
        kk: "Қорғаныс министрлігі",
        en_region: "{} Garrison Command",
        ru_region: "Гарнизонное командование {}",
        kk_region: "{} гарнизондық қолбасшылығы",
        kinds: &[0, 1, 2, 3, 4],
    },
    Body {
        en: "National Guard",
        ru: "Национальная гвардия",
        kk: "Ұлттық ұлан",
        en_region: "National Guard Regional Command for {}",
        ru_region: "Региональное командование Национальной гвардии {}",
        kk_region: "Ұлттық ұланның {} өңірлік қолбасшылығы",
        kinds: &[5, 6, 9],
    },
    Body {
        en: "National Security Committee",
        ru: "Комитет национальной безопасности",
        kk: "Ұлттық қауіпсіздік комитеті",
        en_region: "KNB Department for {}",
        ru_region: "Департамент КНБ {}",
        kk_region: "ҰҚК-нің {} бойынша департаменті",
        kinds: &[11, 6],
    },
    Body {
        en: "Border Service",
        ru: "Пограничная служба",
        kk: "Шекара қызметі",
        en_region: "{} Border Department",
        ru_region: "Пограничное управление {}",
        kk_region: "{} шекара басқармасы",
        kinds: &[10],
    },
];

/// Regions: English, Russian genitive, Kazakh.
const REGIONS: &[(&str, &str, &str)] = &[
    ("Abai Region", "Абайской области", "Абай облысы"),
    ("Akmola Region", "Акмолинской области", "Ақмола облысы"),
    ("Aktobe Region", "Актюбинской области", "Ақтөбе облысы"),
    ("Almaty Region", "Алматинской области", "Алматы облысы"),
    ("Atyrau Region", "Атырауской области", "Атырау облысы"),
    ("East Kazakhstan Region", "Восточно-Казахстанской области", "Шығыс Қазақстан облысы"),
    ("Zhambyl Region", "Жамбылской области", "Жамбыл облысы"),
    ("Zhetysu Region", "области Жетісу", "Жетісу облысы"),
    ("West Kazakhstan Region", "Западно-Казахстанской области", "Батыс Қазақстан облысы"),
    ("Karaganda Region", "Карагандинской области", "Қарағанды облысы"),
    ("Kostanay Region", "Костанайской области", "Қостанай облысы"),
    ("Kyzylorda Region", "Кызылординской области", "Қызылорда облысы"),
    ("Mangystau Region", "Мангистауской области", "Маңғыстау облысы"),
    ("Pavlodar Region", "Павлодарской области", "Павлодар облысы"),
    ("North Kazakhstan Region", "Северо-Казахстанской области", "Солтүстік Қазақстан облысы"),
    ("Turkistan Region", "Туркестанской области", "Түркістан облысы"),
    ("Ulytau Region", "области Ұлытау", "Ұлытау облысы"),
    ("Astana", "города Астаны", "Астана қаласы"),
    ("Almaty", "города Алматы", "Алматы қаласы"),
    ("Shymkent", "города Шымкента", "Шымкент қаласы"),
];

const ROLES: &[&str] =
    &["deputy commander", "staff officer", "platoon commander", "company commander", "operator", "officer"];
const RANKS: &[&str] = &["Lieutenant", "Senior Lieutenant", "Captain", "Major", "Lieutenant Colonel", "Colonel"];
const ATTRIBUTED_ROLES: &[&str] = &[
    "opened fire on protesters (alleged)",
    "detained and beat protesters (alleged)",
    "held detainees who reported torture",
    "commanded the dispersal of a peaceful assembly",
    "guarded the site where detainees were held",
];
const PROVIDERS: &[&str] = &["United States", "United Kingdom", "European Union", "OSCE", "Turkey"];
const PROGRAMMES: &[&str] = &[
    "Peacekeeping training",
    "Counter-terrorism course",
    "Border security equipment",
    "Human-rights-compliant policing course",
    "Exercise Steppe Eagle",
    "Non-commissioned officer exchange",
];

/// Born in 1995 at the latest (20 by the first postings of 2015, most start earlier).
fn adult(person: &mut dedupe::Person) {
    if person.birth.year() > 1995 {
        person.birth = person.birth.saturating_sub(jiff::Span::new().years(18));
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn name(language: &str, text: String, from: Option<Date>, to: Option<Date>) -> UnitName {
    UnitName { name: text, language: language.to_owned(), valid_from: from, valid_to: to }
}

/// A date uniformly between two years (inclusive).
fn some_day(rng: &mut Rng, from_year: i16, to_year: i16) -> Date {
    let start = date(from_year, 1, 1);
    let days = i64::from(to_year - from_year + 1) * 365;
    add_days(start, rng.random_range(0..days))
}

/// A parent's index and the dates it was the parent.
type Period = (usize, Option<Date>, Option<Date>);

struct Level {
    /// Units of the level, by index into `units`.
    members: Vec<usize>,
}

/// Generates the registry and the nominees.
pub fn generate_forces_registry(config: &ForcesConfig) -> ForcesRegistry {
    let stock = Stock::new();
    let mut master = Rng::seed_from_u64(config.seed);
    let mut rng = Rng::seed_from_u64(master.random());

    // Sources.
    let reliabilities =
        [Reliability::A, Reliability::B, Reliability::B, Reliability::C, Reliability::C, Reliability::D];
    let sources: Vec<Source> = (0..40)
        .map(|i| {
            let kind = [SourceKind::Document, SourceKind::MediaItem, SourceKind::Dataset, SourceKind::Interview][i % 4];
            Source {
                id: SourceId::from_bits(rng.random()),
                kind,
                title: format!("Synthetic source {} ({})", i + 1, kind.as_str()),
                publisher: "Synthetic publisher".to_owned(),
                published_on: Some(some_day(&mut rng, 2012, 2024)),
                url: None,
                reliability: reliabilities[i % reliabilities.len()],
                notes: String::new(),
            }
        })
        .collect();
    let roster = sources[2].id.clone();

    // Units: bodies, regional commands, formations, sub-units.
    let mut units: Vec<Unit> = Vec::with_capacity(config.units);
    let mut body_of: Vec<usize> = Vec::with_capacity(config.units);
    let mut kind_of: Vec<Option<usize>> = Vec::with_capacity(config.units);
    let mut numbered: Vec<Option<u32>> = Vec::with_capacity(config.units);
    let new_unit = |rng: &mut Rng, kind: UnitKind, names: Vec<UnitName>, parents: Vec<UnitParent>| Unit {
        id: UnitId::from_bits(rng.random()),
        kind,
        base: None,
        names,
        parents,
        source_ids: vec![sources[0].id.clone()],
    };
    for body in BODIES {
        units.push(new_unit(
            &mut rng,
            UnitKind::Ministry,
            vec![
                name("en", body.en.to_owned(), None, None),
                name("ru", body.ru.to_owned(), None, None),
                name("kk", body.kk.to_owned(), None, None),
            ],
            Vec::new(),
        ));
        body_of.push(units.len() - 1);
        kind_of.push(None);
        numbered.push(None);
    }
    let mut regional = Level { members: Vec::new() };
    for (b, body) in BODIES.iter().enumerate() {
        for (en, ru, kk) in REGIONS {
            let parent = UnitParent { parent_id: units[b].id.clone(), valid_from: None, valid_to: None };
            units.push(new_unit(
                &mut rng,
                UnitKind::Command,
                vec![
                    name("en", body.en_region.replace("{}", en), None, None),
                    name("ru", body.ru_region.replace("{}", ru), None, None),
                    name("kk", body.kk_region.replace("{}", kk), None, None),
                ],
                vec![parent],
            ));
            regional.members.push(units.len() - 1);
            body_of.push(b);
            kind_of.push(None);
            numbered.push(None);
        }
    }
    let rest = config.units.saturating_sub(units.len());
    let n_formations = (rest / 10).max(1);
    let mut formations = Level { members: Vec::new() };
    let mut subunits = Level { members: Vec::new() };
    // Unit numbers: distinct five-digit numbers in a shuffled order.
    let mut numbers: Vec<u32> = (10_000..10_000 + rest as u32 * 4).step_by(4).collect();
    numbers.shuffle(&mut rng);
    let mut ordinal_in: Vec<usize> = vec![0; config.units.max(units.len()) + 1];
    let mut formations_of_kind: Vec<usize> = vec![0; KINDS.len()];
    let number_names = |number: u32| {
        vec![
            name("en", format!("Military unit {number}"), None, None),
            name("ru", format!("Войсковая часть {number}"), None, None),
            name("kk", format!("{number} әскери бөлімі"), None, None),
        ]
    };
    for (i, &number) in numbers.iter().enumerate().take(rest) {
        let formation = i < n_formations;
        let (parent, b) = if formation {
            let r = regional.members[rng.random_range(0..regional.members.len())];
            (r, body_of[r])
        } else {
            let f = formations.members[rng.random_range(0..formations.members.len())];
            (f, body_of[f])
        };
        let kind = if formation {
            BODIES[b].kinds[rng.random_range(0..BODIES[b].kinds.len())]
        } else {
            kind_of[parent].unwrap_or(0)
        };
        let k = &KINDS[kind];
        ordinal_in[parent] += 1;
        // Formations are numbered in their kind (no two 36th Motor Rifle Brigades), sub-units in
        // their formation.
        let n = if formation {
            formations_of_kind[kind] += 1;
            formations_of_kind[kind]
        } else {
            ordinal_in[parent]
        };
        let mut names = if formation {
            vec![
                name("en", format!("{} {}", ordinal(n), k.en_formation), None, None),
                name("ru", format!("{} № {n}", k.ru_formation), None, None),
                name("kk", format!("№ {n} {}", k.kk_formation), None, None),
            ]
        } else {
            let pn = units[parent].names.iter().find_map(|x| {
                x.name
                    .split(' ')
                    .next()
                    .and_then(|w| w.trim_end_matches(|c: char| c.is_alphabetic()).parse::<usize>().ok())
            });
            let pn = pn.unwrap_or(1);
            vec![
                name(
                    "en",
                    format!("{} {} of the {} {}", ordinal(n), k.en_subunit, ordinal(pn), k.en_formation),
                    None,
                    None,
                ),
                name("ru", format!("{} № {n} {} № {pn}", k.ru_subunit, k.ru_formation_of), None, None),
                name("kk", format!("№ {pn} {} № {n} {}", k.kk_formation_of, k.kk_subunit), None, None),
            ]
        };
        // A tenth of the formations were renumbered: their old names until the day before.
        if formation && chance(&mut rng, 0.1) {
            let renamed = some_day(&mut rng, 2012, 2021);
            // Old numbers above any current one, so that no two units ever shared a name.
            let old = 10_000 + i;
            for x in &mut names {
                x.valid_from = Some(renamed);
            }
            names.push(name("en", format!("{} {}", ordinal(old), k.en_formation), None, Some(add_days(renamed, -1))));
            names.push(name("ru", format!("{} № {old}", k.ru_formation), None, Some(add_days(renamed, -1))));
            names.push(name("kk", format!("№ {old} {}", k.kk_formation), None, Some(add_days(renamed, -1))));
        }
        names.extend(number_names(number));
        let mut parents = vec![UnitParent { parent_id: units[parent].id.clone(), valid_from: None, valid_to: None }];
        // One formation in twenty moved to another regional command of its body.
        if formation && chance(&mut rng, 0.05) {
            let moved = some_day(&mut rng, 2012, 2022);
            let other = regional.members[b * REGIONS.len() + rng.random_range(0..REGIONS.len())];
            if other != parent {
                parents[0].valid_to = Some(add_days(moved, -1));
                parents.push(UnitParent {
                    parent_id: units[other].id.clone(),
                    valid_from: Some(moved),
                    valid_to: None,
                });
            }
        }
        units.push(new_unit(&mut rng, UnitKind::Unit, names, parents));
        let index = units.len() - 1;
        if formation {
            formations.members.push(index);
        } else {
            subunits.members.push(index);
        }
        body_of.push(b);
        kind_of.push(Some(kind));
        numbered.push(Some(number));
    }
    let parent_index: Vec<Vec<Period>> = {
        let at: std::collections::HashMap<&UnitId, usize> = units.iter().enumerate().map(|(i, u)| (&u.id, i)).collect();
        units.iter().map(|u| u.parents.iter().map(|p| (at[&p.parent_id], p.valid_from, p.valid_to)).collect()).collect()
    };

    // Persons and their careers.
    let mut persons: Vec<Person> = Vec::with_capacity(config.persons);
    let mut drawn: Vec<dedupe::Person> = Vec::with_capacity(config.persons);
    let mut postings: Vec<Posting> = Vec::with_capacity(config.persons * 3 / 2 + config.units * 5);
    let person_base: u64 = master.random();
    for i in 0..config.persons {
        let mut prng = Rng::seed_from_u64(person_base ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mut truth = dedupe::Person::draw(&stock, &mut prng);
        // The dead's ages (31 ± 11 in 2022) less the youngest: officers are adults when posted.
        adult(&mut truth);
        let style = if chance(&mut prng, 0.8) { SourceStyle::CyrillicRussian } else { SourceStyle::CyrillicKazakh };
        let (given, surname, patronymic) = dedupe::name_parts(&stock, &truth, style, &mut prng);
        let mut text = format!("{surname} {given}");
        if let Some(p) = patronymic {
            text.push(' ');
            text.push_str(p);
        }
        let id = PersonId::from_bits(prng.random());
        persons.push(Person {
            id: id.clone(),
            names: vec![PersonName {
                text,
                script: if style == SourceStyle::CyrillicRussian {
                    Script::CyrillicRussian
                } else {
                    Script::CyrillicKazakh
                },
                scheme: None,
            }],
            gender: Some(if truth.female { Gender::Female } else { Gender::Male }),
            birth_date: Some(FuzzyDate::exact(truth.birth)),
            death_date: None,
            notes: String::new(),
        });
        // One or two postings, one after the other, the last often still held.
        let n_postings = if chance(&mut prng, 0.4) { 2 } else { 1 };
        let mut start = some_day(&mut prng, 2005, 2020);
        for k in 0..n_postings {
            let unit = if chance(&mut prng, 0.85) {
                subunits.members[prng.random_range(0..subunits.members.len())]
            } else {
                formations.members[prng.random_range(0..formations.members.len())]
            };
            let last = k + 1 == n_postings;
            let end =
                if last && chance(&mut prng, 0.5) { None } else { Some(add_days(start, prng.random_range(365..3000))) };
            postings.push(Posting {
                id: PostingId::from_bits(prng.random()),
                person_id: id.clone(),
                unit_id: units[unit].id.clone(),
                role: ROLES[prng.random_range(0..ROLES.len())].to_owned(),
                rank: Some(RANKS[prng.random_range(0..RANKS.len())].to_owned()),
                start: Some(start),
                end,
                source_id: roster.clone(),
            });
            match end {
                Some(end) => start = add_days(end, 1),
                None => break,
            }
        }
        drawn.push(truth);
    }
    // Commanders: every unit has a line of them, terms of two to five years from 2005 on.
    for (u, unit) in units.iter().enumerate() {
        let mut start = some_day(&mut rng, 2003, 2006);
        while start < date(2025, 1, 1) {
            let end = add_days(start, rng.random_range(700..1800));
            let person = rng.random_range(0..persons.len().max(1));
            if persons.is_empty() {
                break;
            }
            postings.push(Posting {
                id: PostingId::from_bits(rng.random()),
                person_id: persons[person].id.clone(),
                unit_id: unit.id.clone(),
                role: if u < BODIES.len() + regional.members.len() { "head" } else { "commander" }.to_owned(),
                rank: Some(RANKS[rng.random_range(3..RANKS.len())].to_owned()),
                start: Some(start),
                end: if end >= date(2025, 1, 1) { None } else { Some(end) },
                source_id: roster.clone(),
            });
            start = add_days(end, 1);
        }
    }

    // Incidents, attributed to a few units that account for most of them.
    let mut abusive: Vec<usize> = formations.members.iter().chain(&subunits.members).copied().collect();
    abusive.shuffle(&mut rng);
    abusive.truncate((abusive.len() * 3 / 100).max(1));
    let n_incidents = (config.units / 10).max(1);
    let mut incidents = Vec::with_capacity(n_incidents);
    let mut attributions = Vec::with_capacity(n_incidents * 2);
    let unit_index: std::collections::HashMap<&UnitId, usize> =
        units.iter().enumerate().map(|(i, u)| (&u.id, i)).collect();
    let person_index: std::collections::HashMap<&PersonId, usize> =
        persons.iter().enumerate().map(|(i, p)| (&p.id, i)).collect();
    let mut postings_of_unit: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    for (i, p) in postings.iter().enumerate() {
        postings_of_unit[unit_index[&p.unit_id]].push(i);
    }
    let violation_kinds = [
        (ViolationKind::Killing, "Killing of a protester"),
        (ViolationKind::Torture, "Torture of detainees"),
        (ViolationKind::ArbitraryDetention, "Mass arbitrary detention"),
        (ViolationKind::Injury, "Shooting injuries at a rally"),
        (ViolationKind::EnforcedDisappearance, "Enforced disappearance of an activist"),
    ];
    for _ in 0..n_incidents {
        let (kind, what) = violation_kinds[rng.random_range(0..violation_kinds.len())];
        let city = &CITIES[rng.random_range(0..CITIES.len())];
        let on = some_day(&mut rng, 2010, 2024);
        let incident = Incident {
            id: IncidentId::from_bits(rng.random()),
            title: format!("{what} in {}, {on} (synthetic)", city.en),
            date: FuzzyDate::exact(on),
            place: Place {
                name: city.en.to_owned(),
                region_at_event: city.region_2022.to_owned(),
                current_region: city.region_now.to_owned(),
            },
            description: String::new(),
            violations: vec![Violation {
                id: ViolationId::from_bits(rng.random()),
                kind,
                victim: None,
                victim_count: 1,
            }],
            source_ids: vec![sources[rng.random_range(0..sources.len())].id.clone()],
        };
        let n_units = if chance(&mut rng, 0.3) { 2 } else { 1 };
        for k in 0..n_units {
            // Skewed: the first units of the list are named again and again.
            let pick = ((rng.random::<f64>().powi(2)) * abusive.len() as f64) as usize;
            let unit = abusive[pick.min(abusive.len() - 1)];
            let source_ids: Vec<SourceId> =
                (0..rng.random_range(1..=3)).map(|_| sources[rng.random_range(0..sources.len())].id.clone()).collect();
            attributions.push(Attribution {
                id: AttributionId::from_bits(rng.random()),
                incident_id: incident.id.clone(),
                subject: Subject::Unit(units[unit].id.clone()),
                role: ATTRIBUTED_ROLES[rng.random_range(0..ATTRIBUTED_ROLES.len())].to_owned(),
                confidence: [Confidence::Low, Confidence::Medium, Confidence::High][rng.random_range(0..3)],
                source_ids: source_ids.clone(),
            });
            // Now and then the unit's commander at the time is named too.
            if k == 0 && chance(&mut rng, 0.1) {
                let commander = postings_of_unit[unit].iter().map(|&p| &postings[p]).find(|p| {
                    p.role == "commander" && p.start.is_none_or(|s| s <= on) && p.end.is_none_or(|e| e >= on)
                });
                if let Some(c) = commander {
                    attributions.push(Attribution {
                        id: AttributionId::from_bits(rng.random()),
                        incident_id: incident.id.clone(),
                        subject: Subject::Person(c.person_id.clone()),
                        role: "gave the order (alleged)".to_owned(),
                        confidence: Confidence::Low,
                        source_ids,
                    });
                }
            }
        }
        incidents.push(incident);
    }

    // Assistance.
    let assistance: Vec<Assistance> = (0..(config.units / 10).max(1))
        .map(|_| {
            let recipient = if chance(&mut rng, 0.85) || persons.is_empty() {
                let pool = if chance(&mut rng, 0.5) { &formations.members } else { &subunits.members };
                Subject::Unit(units[pool[rng.random_range(0..pool.len())]].id.clone())
            } else {
                Subject::Person(persons[rng.random_range(0..persons.len())].id.clone())
            };
            let start = some_day(&mut rng, 2005, 2024);
            Assistance {
                id: AssistanceId::from_bits(rng.random()),
                recipient,
                kind: [AssistanceKind::Training, AssistanceKind::Equipment, AssistanceKind::Funding]
                    [rng.random_range(0..3)],
                provider: PROVIDERS[rng.random_range(0..PROVIDERS.len())].to_owned(),
                programme: PROGRAMMES[rng.random_range(0..PROGRAMMES.len())].to_owned(),
                start: Some(start),
                end: Some(add_days(start, rng.random_range(5..200))),
                source_id: sources[3].id.clone(),
            }
        })
        .collect();

    // The truth: who is implicated, from the attributions, postings and parents over time.
    let incident_date: std::collections::HashMap<&IncidentId, Date> =
        incidents.iter().map(|i| (&i.id, i.date.earliest())).collect();
    let mut person_implicated = vec![false; persons.len()];
    let mut unit_implicated = vec![false; units.len()];
    let covers = |p: &Posting, on: Date| p.start.is_none_or(|s| s <= on) && p.end.is_none_or(|e| e >= on);
    for a in &attributions {
        let on = incident_date[&a.incident_id];
        match &a.subject {
            Subject::Person(id) => person_implicated[person_index[id]] = true,
            Subject::Unit(id) => {
                let u = unit_index[id];
                unit_implicated[u] = true;
                for &p in &postings_of_unit[u] {
                    if covers(&postings[p], on) {
                        person_implicated[person_index[&postings[p].person_id]] = true;
                    }
                }
                // Commanders of the units above it at the time.
                let mut current = vec![u];
                for _ in 0..8 {
                    let mut next = Vec::new();
                    for c in current {
                        for &(parent, from, to) in &parent_index[c] {
                            if from.is_none_or(|f| f <= on) && to.is_none_or(|t| t >= on) {
                                next.push(parent);
                                for &p in &postings_of_unit[parent] {
                                    let posting = &postings[p];
                                    if matches!(posting.role.as_str(), "commander" | "head") && covers(posting, on) {
                                        person_implicated[person_index[&posting.person_id]] = true;
                                    }
                                }
                            }
                        }
                    }
                    if next.is_empty() {
                        break;
                    }
                    current = next;
                }
            }
        }
    }

    // Nominees: implicated registry persons, other registry persons, persons from nowhere, units.
    let mut nrng = Rng::seed_from_u64(master.random());
    let n_units = config.nominees / 10;
    let n_persons = config.nominees - n_units;
    let (mut implicated_pool, mut clean_pool): (Vec<usize>, Vec<usize>) =
        (0..persons.len()).partition(|&i| person_implicated[i]);
    implicated_pool.shuffle(&mut nrng);
    clean_pool.shuffle(&mut nrng);
    let mut last_unit: Vec<Option<usize>> = vec![None; persons.len()];
    let mut last_start: Vec<Option<Date>> = vec![None; persons.len()];
    for p in &postings {
        let i = person_index[&p.person_id];
        if p.role != "commander" && p.role != "head" && p.start >= last_start[i] {
            last_start[i] = p.start;
            last_unit[i] = Some(unit_index[&p.unit_id]);
        }
    }
    let mut nominees = Vec::with_capacity(config.nominees);
    let mut truth = Vec::with_capacity(config.nominees);
    let fresh_base: u64 = master.random();
    for k in 0..n_persons {
        let (who, person): (Option<usize>, dedupe::Person) = match k % 3 {
            0 if !implicated_pool.is_empty() => {
                let i = implicated_pool[(k / 3) % implicated_pool.len()];
                (Some(i), drawn[i].clone())
            }
            1 if !clean_pool.is_empty() => {
                let i = clean_pool[(k / 3) % clean_pool.len()];
                (Some(i), drawn[i].clone())
            }
            _ => {
                let mut fresh = dedupe::Person::draw(&stock, &mut Rng::seed_from_u64(fresh_base ^ k as u64));
                adult(&mut fresh);
                (None, fresh)
            }
        };
        let style = match nrng.random_range(0..10) {
            0..4 => SourceStyle::LatinIcao,
            4..6 => SourceStyle::LatinBgn,
            6..8 => SourceStyle::LatinKazakh2021,
            _ => SourceStyle::LatinInformal,
        };
        let (given, surname, patronymic) = dedupe::name_parts(&stock, &person, style, &mut nrng);
        let (mut given, mut surname) = (given.to_owned(), surname.to_owned());
        let mut chars = Vec::new();
        if chance(&mut nrng, 0.1) {
            let part = if chance(&mut nrng, 0.5) { &mut given } else { &mut surname };
            dedupe::typo(&mut nrng, part, LETTERS_LATIN, &mut chars);
        }
        let text = if chance(&mut nrng, 0.6) {
            [Some(given.as_str()), patronymic, Some(surname.as_str())]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            let mut upper = String::new();
            dedupe::uppercase(&mut surname, &mut upper);
            format!("{surname} {given}")
        };
        let birth_date = match nrng.random_range(0..20) {
            0..14 => Some(FuzzyDate::exact(person.birth)),
            14..17 => FuzzyDate::year(person.birth.year()),
            17..19 => None,
            _ => {
                let mut wrong = String::new();
                dedupe::wrong_birth_date(&mut nrng, person.birth, &mut wrong);
                wrong.parse().ok()
            }
        };
        let stated = match who {
            Some(i) => last_unit[i],
            None if chance(&mut nrng, 0.5) => Some(subunits.members[nrng.random_range(0..subunits.members.len())]),
            None => None,
        };
        let unit_text = stated.and_then(|u| {
            let names = &units[u].names;
            let current = |language: &str| {
                names.iter().find(|n| n.language == language && n.valid_to.is_none()).map(|n| n.name.clone())
            };
            match nrng.random_range(0..10) {
                0..5 => current("en"),
                5..7 => current("ru"),
                7..9 => numbered[u]
                    .map(|n| if chance(&mut nrng, 0.5) { format!("в/ч {n}") } else { format!("Military unit {n}") }),
                _ => None,
            }
        });
        let stated_implicated = unit_text.is_some() && stated.is_some_and(|u| unit_implicated[u]);
        let id = NomineeId::from_bits(nrng.random());
        nominees.push(Nominee {
            id: id.clone(),
            kind: NomineeKind::Person,
            name: text,
            birth_date,
            gender: chance(&mut nrng, 0.8).then_some(if person.female { Gender::Female } else { Gender::Male }),
            unit: unit_text,
            rank: Some(RANKS[nrng.random_range(0..RANKS.len())].to_owned()),
        });
        truth.push(NomineeTruth {
            nominee_id: id,
            person_id: who.map(|i| persons[i].id.clone()),
            unit_id: None,
            implicated: who.is_some_and(|i| person_implicated[i]) || stated_implicated,
        });
    }
    let (mut bad_units, mut good_units): (Vec<usize>, Vec<usize>) =
        formations.members.iter().chain(&subunits.members).partition(|&&u| unit_implicated[u]);
    bad_units.shuffle(&mut nrng);
    good_units.shuffle(&mut nrng);
    for k in 0..n_units {
        let pool = if k % 2 == 0 && !bad_units.is_empty() { &bad_units } else { &good_units };
        if pool.is_empty() {
            break;
        }
        let u = pool[(k / 2) % pool.len()];
        let names = &units[u].names;
        let current = |language: &str| {
            names
                .iter()
                .find(|n| n.language == language && n.valid_to.is_none())
                .map_or_else(String::new, |n| n.name.clone())
        };
        let text = match nrng.random_range(0..20) {
            0..6 => current("en"),
            6..11 => current("ru"),
            11..14 => current("kk"),
            14..18 => {
                let n = numbered[u].unwrap_or_default();
                if chance(&mut nrng, 0.5) { format!("в/ч {n}") } else { format!("{n}") }
            }
            _ => transliterate(&current("ru"), Scheme::Passport),
        };
        let id = NomineeId::from_bits(nrng.random());
        nominees.push(Nominee {
            id: id.clone(),
            kind: NomineeKind::Unit,
            name: text,
            birth_date: None,
            gender: None,
            unit: None,
            rank: None,
        });
        truth.push(NomineeTruth {
            nominee_id: id,
            person_id: None,
            unit_id: Some(units[u].id.clone()),
            implicated: unit_implicated[u],
        });
    }

    let implicated_persons =
        persons.iter().zip(&person_implicated).filter(|(_, x)| **x).map(|(p, _)| p.id.clone()).collect();
    ForcesRegistry {
        sources,
        persons,
        units,
        postings,
        assistance,
        incidents,
        attributions,
        nominees,
        truth,
        implicated_persons,
    }
}
