//! Complaints on SQLite and PostgreSQL: the accountability funnel against the demo's ground truth
//! (counted here from the generated scenario, not through the store), a withdrawal that leaves the
//! allegation and the testimony in place and in the counts, and the demo's complainant following
//! their complaint.

use std::collections::BTreeMap;

use app::{App, StatusCheck};
use domain::access::Actor;
use domain::entity::{AllegationStatus as S, CaseOutcome, NewAllegation, Role};
use domain::protected::Protected;

use crate::{loaded, now, passwords};

/// The stages an allegation of the scenario reached, from its timeline and its cases' outcomes.
fn expected_stages(allegation: &NewAllegation, scenario: &demo::Scenario) -> [u64; 5] {
    let statuses: Vec<S> = allegation.timeline.iter().map(|s| s.status).collect();
    let cases: Vec<_> = scenario.cases.iter().filter(|c| c.allegation_ids.contains(&allegation.id)).collect();
    let convicted =
        cases.iter().any(|c| matches!(c.outcome, CaseOutcome::Conviction | CaseOutcome::ConditionalSentence));
    let charged = convicted || statuses.iter().any(|s| matches!(s, S::Charged | S::Tried | S::Verdict | S::Appeal));
    let suspects = charged || statuses.contains(&S::SuspectsIdentified) || cases.iter().any(|c| !c.suspects.is_empty());
    let investigated = suspects || statuses.contains(&S::InvestigationOpened);
    [1, u64::from(investigated), u64::from(suspects), u64::from(charged), u64::from(convicted)]
}

fn add(map: &mut BTreeMap<String, [u64; 5]>, key: String, stages: [u64; 5]) {
    let counts = map.entry(key).or_default();
    for (count, stage) in counts.iter_mut().zip(stages) {
        *count += stage;
    }
}

pub(crate) async fn the_funnel_matches_the_demo_ground_truth(app: App) {
    let (app, scenario) = loaded(app).await;
    let mut total = [0u64; 5];
    let (mut regions, mut units, mut months) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for allegation in &scenario.allegations {
        let stages = expected_stages(allegation, &scenario);
        for (count, stage) in total.iter_mut().zip(stages) {
            *count += stage;
        }
        let incident = scenario.incidents.iter().find(|i| Some(&i.id) == allegation.incident_id.as_ref()).unwrap();
        add(&mut regions, incident.place.region_at_event.clone(), stages);
        let registered = allegation.timeline[0].on;
        add(&mut months, format!("{:04}-{:02}", registered.year(), registered.month()), stages);
        // An allegation naming no unit counts under the empty key ("unknown" on the page).
        if allegation.perpetrators.is_empty() {
            add(&mut units, String::new(), stages);
        }
        for perpetrator in &allegation.perpetrators {
            add(&mut units, perpetrator.unit_id.as_ref().unwrap().to_string(), stages);
        }
    }
    // The scenario has a funnel worth the name: some investigated, few convicted.
    assert_eq!(total[0] as usize, scenario.allegations.len());
    assert!(total[1] > total[4] && total[4] > 0, "{total:?}");

    let funnel = app.funnel(&Actor::System).await.unwrap();
    assert_eq!(funnel.total.0, total);
    let got = |groups: &[app::FunnelGroup]| -> BTreeMap<String, [u64; 5]> {
        groups.iter().map(|g| (g.key.clone(), g.counts.0)).collect()
    };
    assert_eq!(got(&funnel.by_region), regions);
    assert_eq!(got(&funnel.by_month), months);
    assert_eq!(got(&funnel.by_unit), units);
    // The official figures are beside it, each with its source.
    assert_eq!(funnel.claims.len(), scenario.claims.len());
    assert!(funnel.claims.iter().all(|(_, source)| !source.is_empty()));
    // And the withdrawals of the scenario are counted where their allegations are.
    let counts = app.pressure_counts(&Actor::System).await.unwrap();
    assert_eq!(counts.total.allegations as usize, scenario.allegations.len());
    assert_eq!(counts.total.withdrawals as usize, scenario.withdrawals.len());
    assert_eq!(counts.total.pressure as usize, scenario.pressure_reports.len());
    let withdrawn = scenario.allegations.iter().filter(|a| a.timeline.iter().any(|s| s.status == S::Withdrawn)).count();
    assert_eq!(withdrawn, scenario.withdrawals.len());
}

async fn investigator(app: &App) -> Actor {
    let password = Protected::new("demo-password-123".to_owned());
    match app.sign_in(app::DEMO_INVESTIGATOR_USERNAME, &password, "192.0.2.9", now()).await.unwrap() {
        app::SignIn::Session(session) => Actor::User { id: session.user.id, role: Role::Investigator },
        other => panic!("{other:?}"),
    }
}

pub(crate) async fn a_withdrawal_keeps_the_testimony_and_the_allegation(app: App) {
    let (app, scenario) = loaded(app).await;
    let actor = investigator(&app).await;
    let allegation = scenario.allegations.iter().find(|a| a.timeline.iter().all(|s| s.status != S::Withdrawn)).unwrap();
    let testimony = &scenario.testimonies[0];
    let funnel_before = app.funnel(&Actor::System).await.unwrap();
    let counts_before = app.pressure_counts(&Actor::System).await.unwrap();
    let steps_before = app.allegation(&actor, allegation.id.as_str()).await.unwrap().timeline.len();

    let on = jiff::civil::date(2022, 4, 1);
    let blank = |reason| app::WithdrawalRequest { testimony_id: None, on, reason, circumstances: "" };
    let request = app::WithdrawalRequest {
        testimony_id: Some(testimony.id.as_str()),
        on,
        reason: "The complainant reconciled with the officers.",
        circumstances: "Two visits by district officers the week before.",
    };
    app.record_withdrawal(&actor, now(), allegation.id.as_str(), request).await.unwrap();

    // Both stay, whole: the allegation with one more (withdrawn) step, the testimony as it was.
    let after = app.allegation(&actor, allegation.id.as_str()).await.unwrap();
    assert_eq!(after.timeline.len(), steps_before + 1);
    assert_eq!(after.status(), Some(S::Withdrawn));
    assert_eq!(after.timeline[..steps_before], allegation.timeline[..]);
    let kept = app.open_testimony(&actor, now(), testimony.id.as_str()).await.unwrap();
    assert_eq!(kept.text.expose(), testimony.text.expose());
    let (withdrawals, _, _) = app.allegation_followup(&actor, allegation.id.as_str()).await.unwrap();
    assert_eq!(withdrawals.len(), 1);
    assert_eq!(withdrawals[0].testimony_id.as_ref(), Some(&testimony.id));
    assert_eq!(withdrawals[0].circumstances, "Two visits by district officers the week before.");

    // In the counts: the funnel unchanged, one more withdrawal, the same allegations.
    let funnel_after = app.funnel(&Actor::System).await.unwrap();
    assert_eq!(funnel_after.total, funnel_before.total);
    let counts_after = app.pressure_counts(&Actor::System).await.unwrap();
    assert_eq!(counts_after.total.allegations, counts_before.total.allegations);
    assert_eq!(counts_after.total.withdrawals, counts_before.total.withdrawals + 1);
    let april = counts_after.by_month.iter().find(|g| g.key == "2022-04").unwrap();
    assert!(april.withdrawals >= 1);
    // A reason is required; an unknown testimony is refused; nothing is recorded for either.
    let no_reason = app.record_withdrawal(&actor, now(), allegation.id.as_str(), blank(" ")).await;
    assert!(matches!(no_reason, Err(app::Error::BadInput { .. })), "{no_reason:?}");
    let unknown_testimony = app::WithdrawalRequest { testimony_id: Some("tst_0000000000000000"), ..blank("r") };
    let unknown = app.record_withdrawal(&actor, now(), allegation.id.as_str(), unknown_testimony).await;
    assert!(unknown.is_err());
    assert_eq!(app.pressure_counts(&Actor::System).await.unwrap().total.withdrawals, counts_after.total.withdrawals);
    // An analyst may read the counts but not record one.
    let analyst = Actor::User { id: domain::id::UserId::from_bits(9), role: Role::Analyst };
    assert!(app.record_withdrawal(&analyst, now(), allegation.id.as_str(), blank("r")).await.is_err());
    assert_eq!(app.verify(&Actor::System).await.unwrap().problem, None);
}

pub(crate) async fn the_demo_complainant_follows_their_complaint(app: App) {
    let scenario = demo::generate(&demo::DemoConfig { seed: 7, scale: demo::Scale::Small });
    let summary = app.load_demo(&scenario, &passwords(), now()).await.unwrap();
    let access = summary.complainant.expect("the demo gives one complainant a code");
    let allegation = scenario.allegations.iter().find(|a| a.id == access.allegation_id).unwrap();
    let check = app.complainant_status(&access.code, &access.passphrase, "192.0.2.1", now()).await.unwrap();
    let StatusCheck::Found(status) = check else { panic!("{check:?}") };
    let shared: Vec<S> = allegation.timeline.iter().filter(|s| s.shareable).map(|s| s.status).collect();
    assert_eq!(status.steps.iter().map(|s| s.status).collect::<Vec<_>>(), shared);
    assert!(shared.len() < allegation.timeline.len(), "the demo's timelines have internal steps too");
    let wrong = Protected::new("wrong".to_owned());
    assert_eq!(app.complainant_status(&access.code, &wrong, "192.0.2.1", now()).await.unwrap(), StatusCheck::Refused);
    // Investigators see the complainant's report of pressure, as urgent.
    app.complainant_reports_pressure(&access.code, &access.passphrase, "192.0.2.1", now(), "A call at night")
        .await
        .unwrap();
    let actor = investigator(&app).await;
    let (_, reports) = app.allegation_list(&actor).await.unwrap();
    assert_eq!(reports[0].allegation_id, access.allegation_id);
    assert_eq!(reports[0].circumstances, "A call at night");
    // The event's actor is the complainant of that allegation, nobody else.
    assert_eq!(app.verify(&Actor::System).await.unwrap().problem, None);
}

mod backends {
    crate::for_each_backend![
        crate::complaints:
        the_funnel_matches_the_demo_ground_truth,
        a_withdrawal_keeps_the_testimony_and_the_allegation,
        the_demo_complainant_follows_their_complaint,
    ];
}
