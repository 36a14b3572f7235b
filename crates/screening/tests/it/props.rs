//! Properties of the engine on small generated registries: a person is hit only through a name
//! that shares a blocking key with the nominee's; the hits of a nominee do not depend on the other
//! nominees or their order; the output does not depend on the number of threads.

use std::collections::BTreeMap;

use domain::date::FuzzyDate;
use domain::entity::{
    Attribution, Confidence, Incident, Person, PersonName, Place, Posting, Reliability, Script, Source, SourceKind,
    Subject, Unit, UnitKind, UnitName, UnitParent,
};
use domain::id::{AttributionId, IncidentId, PersonId, PostingId, SourceId, UnitId};
use jiff::civil::date;
use proptest::prelude::*;
use screening::{Hit, Index, NomineeQuery, Registry};

const SURNAMES: &[&str] = &["Серикбаев", "Ахметов", "Оспанова", "Ким", "Жумабаев", "Нуркенова", "Иванов"];
const GIVEN: &[&str] = &["Ерлан", "Асель", "Марат", "Айгуль", "Дмитрий", "Бауыржан"];
const LATIN: &[&str] = &["Serikbayev", "Akhmetov", "Ospanova", "Kim", "Zhumabayev", "Nurkenova", "Ivanov"];
const LATIN_GIVEN: &[&str] = &["Erlan", "Asel", "Marat", "Aigul", "Dmitry", "Baurzhan"];
const UNITS: &[&str] = &["KAZBAT", "SOBR Arlan", "Sunkar", "Military unit 6655", "38th Air Assault Brigade"];

struct Owned {
    persons: Vec<Person>,
    units: Vec<Unit>,
    postings: Vec<Posting>,
    attributions: Vec<Attribution>,
    incidents: Vec<Incident>,
    sources: Vec<Source>,
}

impl Owned {
    fn view(&self) -> Registry<'_> {
        Registry {
            persons: &self.persons,
            units: &self.units,
            postings: &self.postings,
            assistance: &[],
            attributions: &self.attributions,
            incidents: &self.incidents,
            sources: &self.sources,
        }
    }
}

/// Persons (surname, given name, birth year) all posted to unit `unit` (one of `UNITS`, the second
/// the parent of the others) at an incident attributed to their unit.
fn registry(people: &[(usize, usize, i16, usize)]) -> Owned {
    let source = Source {
        id: SourceId::from_bits(1),
        kind: SourceKind::Document,
        title: "A report".to_owned(),
        publisher: "A monitor".to_owned(),
        published_on: None,
        url: None,
        reliability: Reliability::B,
        notes: String::new(),
    };
    let units: Vec<Unit> = UNITS
        .iter()
        .enumerate()
        .map(|(i, name)| Unit {
            id: UnitId::from_bits(100 + i as u128),
            kind: UnitKind::Unit,
            base: None,
            names: vec![UnitName {
                name: (*name).to_owned(),
                language: "en".to_owned(),
                valid_from: None,
                valid_to: None,
            }],
            parents: if i == 1 {
                Vec::new()
            } else {
                vec![UnitParent { parent_id: UnitId::from_bits(101), valid_from: None, valid_to: None }]
            },
            source_ids: vec![source.id.clone()],
        })
        .collect();
    let incidents: Vec<Incident> = (0..UNITS.len())
        .map(|i| Incident {
            id: IncidentId::from_bits(200 + i as u128),
            title: format!("Incident {i}"),
            date: FuzzyDate::exact(date(2022, 1, 5)),
            place: Place { name: "Almaty".to_owned(), region_at_event: String::new(), current_region: String::new() },
            description: String::new(),
            violations: Vec::new(),
            source_ids: vec![source.id.clone()],
        })
        .collect();
    let attributions: Vec<Attribution> = (0..UNITS.len())
        .filter(|i| i.is_multiple_of(2))
        .map(|i| Attribution {
            id: AttributionId::from_bits(300 + i as u128),
            incident_id: incidents[i].id.clone(),
            subject: Subject::Unit(units[i].id.clone()),
            role: "opened fire (alleged)".to_owned(),
            confidence: Confidence::Medium,
            source_ids: vec![source.id.clone()],
        })
        .collect();
    let mut persons = Vec::new();
    let mut postings = Vec::new();
    for (i, &(s, g, year, unit)) in people.iter().enumerate() {
        let id = PersonId::from_bits(1000 + i as u128);
        persons.push(Person {
            id: id.clone(),
            names: vec![PersonName {
                text: format!("{} {}", SURNAMES[s % SURNAMES.len()], GIVEN[g % GIVEN.len()]),
                script: Script::CyrillicRussian,
                scheme: None,
            }],
            gender: None,
            birth_date: FuzzyDate::year(year),
            death_date: None,
            notes: String::new(),
        });
        postings.push(Posting {
            id: PostingId::from_bits(5000 + i as u128),
            person_id: id,
            unit_id: units[unit % UNITS.len()].id.clone(),
            role: if i.is_multiple_of(5) { "commander" } else { "officer" }.to_owned(),
            rank: None,
            start: Some(date(2020, 1, 1)),
            end: None,
            source_id: source.id.clone(),
        });
    }
    Owned { persons, units, postings, attributions, incidents, sources: vec![source] }
}

fn nominee(i: usize, &(s, g, year, unit): &(usize, usize, i16, usize)) -> NomineeQuery {
    let mut q = if i % 7 == 6 {
        NomineeQuery::unit(format!("n{i}"), UNITS[unit % UNITS.len()])
    } else {
        NomineeQuery::person(
            format!("n{i}"),
            format!("{} {}", LATIN_GIVEN[g % LATIN_GIVEN.len()], LATIN[s % LATIN.len()]),
        )
    };
    q.birth_date = FuzzyDate::year(year);
    if i.is_multiple_of(3) {
        q.unit = Some(UNITS[(unit + 1) % UNITS.len()].to_owned());
    }
    q
}

fn people() -> impl Strategy<Value = Vec<(usize, usize, i16, usize)>> {
    prop::collection::vec((0..SURNAMES.len(), 0..GIVEN.len(), 1970i16..1975, 0..UNITS.len()), 1..25)
}

fn by_nominee(hits: Vec<Hit>) -> BTreeMap<String, Vec<Hit>> {
    let mut out: BTreeMap<String, Vec<Hit>> = BTreeMap::new();
    for hit in hits {
        out.entry(hit.nominee_id.clone()).or_default().push(hit);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_person_is_hit_only_through_a_shared_blocking_key(registered in people(), nominated in people()) {
        let owned = registry(&registered);
        let index = Index::build(&owned.view());
        let queries: Vec<NomineeQuery> = nominated.iter().enumerate().map(|(i, p)| nominee(i, p)).collect();
        for hit in index.screen(&queries) {
            let Subject::Person(id) = &hit.entity else { continue };
            let query = queries.iter().find(|q| q.nominee_id == hit.nominee_id).unwrap();
            let person = owned.persons.iter().find(|p| p.id == *id).unwrap();
            let theirs = names::keys::blocking_keys(&names::parse::parse(&person.names[0].text));
            let ours = names::keys::blocking_keys(&names::parse::parse(&query.name));
            prop_assert!(ours.iter().any(|k| theirs.contains(k)), "{} hit {} without a shared key", query.name, person.names[0].text);
            prop_assert!(!hit.evidence.is_empty() || !hit.assistance.is_empty());
        }
    }

    #[test]
    fn a_nominee_s_hits_do_not_depend_on_the_batch(registered in people(), nominated in people(), rotate in 0usize..25) {
        let owned = registry(&registered);
        let index = Index::build(&owned.view());
        let queries: Vec<NomineeQuery> = nominated.iter().enumerate().map(|(i, p)| nominee(i, p)).collect();
        let mut shuffled = queries.clone();
        let by = rotate % shuffled.len();
        shuffled.rotate_left(by);
        shuffled.reverse();
        let together = by_nominee(index.screen(&queries));
        prop_assert_eq!(&together, &by_nominee(index.screen(&shuffled)));
        for q in &queries {
            let alone = index.screen(std::slice::from_ref(q));
            prop_assert_eq!(together.get(&q.nominee_id).cloned().unwrap_or_default(), alone);
        }
        // The output keeps the order of the nominees.
        let order: Vec<String> = index.screen(&queries).into_iter().map(|h| h.nominee_id).collect();
        let mut expected = order.clone();
        expected.sort_by_key(|id| queries.iter().position(|q| q.nominee_id == *id));
        prop_assert_eq!(order, expected);
    }
}

#[test]
fn output_is_the_same_on_one_thread_and_on_several() {
    let people: Vec<(usize, usize, i16, usize)> = (0..400)
        .map(|i| (i * 7 % SURNAMES.len(), i * 5 % GIVEN.len(), 1970 + (i % 5) as i16, i % UNITS.len()))
        .collect();
    let owned = registry(&people);
    let queries: Vec<NomineeQuery> = people.iter().take(120).enumerate().map(|(i, p)| nominee(i, p)).collect();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| Index::build(&owned.view()).screen(&queries))
    };
    let one = run(1);
    assert!(!one.is_empty());
    assert_eq!(one, run(3));
}
