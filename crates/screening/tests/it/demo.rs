//! The demo scenario's vetting request screened against the demo registry: the unit nominee
//! `KAZBAT` is hit, every implicated nominee is hit (recall 100% against the demo's own truth),
//! clean nominees are not (fewer than 5% falsely hit), and a made-up name gets no hit.

use demo::{DemoConfig, Scale, Scenario};
use domain::entity::{NomineeKind, Subject};
use screening::{Hit, Index, NomineeQuery, Reason, Registry};

pub(crate) fn registry(s: &Scenario) -> Registry<'_> {
    Registry {
        persons: &s.persons,
        units: &s.units,
        postings: &s.postings,
        assistance: &s.assistance,
        attributions: &s.attributions,
        incidents: &s.incidents,
        sources: &s.sources,
    }
}

pub(crate) fn queries(s: &Scenario) -> Vec<NomineeQuery> {
    let request = &s.vetting_requests[0];
    request.nominees.iter().map(|n| NomineeQuery::from_nominee(n, request.start)).collect()
}

fn entity_is(hit: &Hit, person: Option<&domain::id::PersonId>, unit: Option<&domain::id::UnitId>) -> bool {
    match &hit.entity {
        Subject::Person(id) => Some(id) == person,
        Subject::Unit(id) => Some(id) == unit,
    }
}

/// Screens one scenario and checks recall, false hits and the made-up name; returns
/// (implicated, hit, clean, falsely hit).
fn check(scenario: &Scenario) -> (usize, usize, usize, usize) {
    let index = Index::build(&registry(scenario));
    let queries = queries(scenario);
    let hits = index.screen(&queries);
    let request = &scenario.vetting_requests[0];
    assert_eq!(scenario.vetting_truth.len(), request.nominees.len());
    let (mut implicated, mut found, mut clean, mut false_hits) = (0, 0, 0, 0);
    for (nominee, truth) in request.nominees.iter().zip(&scenario.vetting_truth) {
        assert_eq!(nominee.id, truth.nominee_id);
        let own: Vec<&Hit> = hits.iter().filter(|h| h.nominee_id == nominee.id.as_str()).collect();
        if truth.implicated {
            implicated += 1;
            // Hit on the very person or unit, by a direct reason, with evidence behind it.
            let direct = own.iter().any(|h| {
                h.reason.is_direct()
                    && entity_is(h, truth.person_id.as_ref(), truth.unit_id.as_ref())
                    && !h.evidence.is_empty()
            });
            assert!(direct, "implicated nominee {} ({:?}) not hit: {own:#?}", nominee.name, nominee.unit);
            found += 1;
        } else {
            clean += 1;
            if !own.is_empty() {
                false_hits += 1;
                eprintln!(
                    "false hit on {}: {:?}",
                    nominee.name,
                    own.iter().map(|h| &h.explanation).collect::<Vec<_>>()
                );
            }
        }
    }
    let made_up = request.nominees.iter().find(|n| n.name == "Ingvar Thorsen").expect("the made-up name");
    assert!(hits.iter().all(|h| h.nominee_id != made_up.id.as_str()), "the made-up name was hit");
    let kazbat = request.nominees.iter().find(|n| n.kind == NomineeKind::Unit && n.name == "KAZBAT").expect("KAZBAT");
    let kazbat_hits: Vec<&Hit> = hits.iter().filter(|h| h.nominee_id == kazbat.id.as_str()).collect();
    assert!(kazbat_hits.iter().any(|h| h.reason == Reason::UnitImplicated), "{kazbat_hits:#?}");
    (implicated, found, clean, false_hits)
}

#[test]
fn demo_vetting_request_recall_and_false_hits() {
    let (mut implicated, mut found, mut clean, mut false_hits) = (0, 0, 0, 0);
    for seed in 1..=6 {
        let scale = if seed == 1 { Scale::Full } else { Scale::Small };
        let scenario = demo::generate(&DemoConfig { seed, scale });
        let (i, f, c, x) = check(&scenario);
        implicated += i;
        found += f;
        clean += c;
        false_hits += x;
    }
    assert!(implicated >= 40, "too few implicated nominees to measure: {implicated}");
    assert_eq!(found, implicated);
    assert!((false_hits as f64) < 0.05 * clean as f64, "{false_hits} of {clean} clean nominees hit");
}

#[test]
fn kazbat_hit_explains_itself_with_its_evidence_and_earlier_assistance() {
    let scenario = demo::generate(&DemoConfig { seed: 7, scale: Scale::Small });
    let index = Index::build(&registry(&scenario));
    let hits = index.screen(&[NomineeQuery {
        activity_start: scenario.vetting_requests[0].start,
        ..NomineeQuery::unit("n1", "Казахстанский миротворческий батальон")
    }]);
    let reasons: Vec<&str> = hits.iter().map(|h| h.reason.as_str()).collect();
    assert_eq!(reasons.first(), Some(&"unit-implicated"), "{hits:#?}");
    assert!(reasons.contains(&"earlier-assistance"), "{reasons:?}");
    let first = &hits[0];
    assert_eq!(first.entity_name, "KAZBAT");
    assert!(first.explanation.contains("UN-marked helmets"), "{}", first.explanation);
    assert!(first.evidence.iter().all(|e| !e.sources.is_empty()));
    let assistance = hits.iter().find(|h| h.reason == Reason::EarlierAssistance).expect("assistance");
    assert!(assistance.assistance.iter().any(|a| a.programme.contains("Steppe Eagle")));
    assert!(assistance.explanation.contains("United States"), "{}", assistance.explanation);
}
