//! Vetting through the use cases, on SQLite and PostgreSQL: a request uploaded as a nominee file,
//! screened against the demo's registry (KAZBAT is hit with its chain of evidence), each nominee
//! decided by a named officer, suspensions lapsing after 30 days, the duty to inform, the log
//! verifying, and roles without the vetting right refused.

use app::{App, NewDecision, NewDutyToInform, NewUser, NewVettingRequest, parse_nominees};
use domain::access::Actor;
use domain::date::Timestamp;
use domain::entity::{Locale, Role};
use domain::protected::Protected;
use domain::vetting::{ReasonCode, RequestStatus, Standing, Verdict};

use crate::{loaded, now};

const DAY: i64 = 24 * 60 * 60 * 1000;

async fn officer(app: &App) -> Actor {
    let user = NewUser {
        username: "officer".to_owned(),
        display_name: "Olga Officer".to_owned(),
        role: Role::VettingOfficer,
        locale: Locale::En,
        password: Protected::new("officer-password-1".to_owned()),
    };
    let user = app.add_user(&Actor::System, now(), user).await.unwrap();
    Actor::User { id: user.id, role: Role::VettingOfficer }
}

fn activity() -> NewVettingRequest {
    NewVettingRequest {
        activity: "Steppe Eagle 2025".to_owned(),
        provider: "United States".to_owned(),
        programme: "Peacekeeping training".to_owned(),
        start: Some(jiff::civil::date(2025, 6, 1)),
        end: Some(jiff::civil::date(2025, 6, 20)),
    }
}

pub(crate) async fn a_request_goes_from_upload_to_decided(app: App) {
    let (app, scenario) = loaded(app).await;
    let officer = officer(&app).await;
    let demo = &scenario.vetting_requests[0];
    let mut csv = String::from("nominee_id,kind,name,birth_date,gender,unit,rank\n");
    for (i, n) in demo.nominees.iter().enumerate() {
        let birth = n.birth_date.map(|d| d.to_string()).unwrap_or_default();
        let gender = n.gender.map(|g| g.as_str()).unwrap_or_default();
        let field = |v: &Option<String>| v.clone().unwrap_or_default().replace('"', "\"\"");
        csv.push_str(&format!(
            "n{i},{},\"{}\",{birth},{gender},\"{}\",\"{}\"\n",
            n.kind,
            n.name,
            field(&n.unit),
            field(&n.rank)
        ));
    }
    let rows = parse_nominees("nominees.csv", csv.as_bytes()).unwrap();
    assert_eq!(rows.len(), demo.nominees.len());
    let id = app.submit_vetting_request(&officer, now(), activity(), rows).await.unwrap();
    let n_hits = app.screen_request(&officer, now(), id.as_str()).await.unwrap();
    assert!(n_hits > 0);
    let detail = app.vetting_request(&officer, now(), id.as_str()).await.unwrap();
    assert_eq!(detail.status, RequestStatus::Open);
    assert_eq!(detail.n_hits(), n_hits);
    let kazbat = detail.nominees.iter().find(|n| n.nominee.name == "KAZBAT").unwrap();
    let hit = kazbat.hits.first().expect("KAZBAT is hit");
    assert!(hit.score_ppm > 0 && !hit.explanation.is_empty(), "{hit:?}");
    let evidence = hit.evidence.first().expect("the hit carries its evidence");
    assert!(!evidence.sources.is_empty() && !evidence.incident_title.is_empty(), "{evidence:?}");
    let thorsen = detail.nominees.iter().find(|n| n.nominee.name == "Ingvar Thorsen").unwrap();
    assert!(thorsen.hits.is_empty(), "a made-up name gets no hit: {:?}", thorsen.hits);

    // Each nominee decided: hit ones rejected, the rest approved; one suspended first.
    let first = &detail.nominees[0].nominee.id;
    let suspend = NewDecision {
        verdict: Verdict::Suspended,
        reason: Some(ReasonCode::PendingAssessment),
        rationale: String::new(),
    };
    app.decide_nominee(&officer, now(), id.as_str(), first.as_str(), suspend).await.unwrap();
    let later = |days: i64| Timestamp::from_millis(now().as_millis() + days * DAY);
    let detail = app.vetting_request(&officer, later(29), id.as_str()).await.unwrap();
    assert!(matches!(detail.nominees[0].standing, Standing::Suspended { .. }));
    assert_eq!(detail.status, RequestStatus::InReview);
    let detail = app.vetting_request(&officer, later(31), id.as_str()).await.unwrap();
    assert!(matches!(detail.nominees[0].standing, Standing::SuspensionExpired { .. }));

    let missing_reason = NewDecision { verdict: Verdict::Rejected, reason: None, rationale: "x".to_owned() };
    let refused = app.decide_nominee(&officer, later(31), id.as_str(), first.as_str(), missing_reason).await;
    assert!(refused.is_err(), "a rejection without a reason code is refused");
    for nominee in &detail.nominees {
        let decision = if nominee.hits.is_empty() {
            NewDecision { verdict: Verdict::Approved, reason: None, rationale: String::new() }
        } else {
            NewDecision {
                verdict: Verdict::Rejected,
                reason: Some(ReasonCode::GrossViolation),
                rationale: format!("{} hit(s): {}", nominee.hits.len(), nominee.hits[0].explanation),
            }
        };
        app.decide_nominee(&officer, later(32), id.as_str(), nominee.nominee.id.as_str(), decision).await.unwrap();
    }
    let inform = NewDutyToInform {
        nominee_id: Some(kazbat.nominee.id.to_string()),
        informed_on: jiff::civil::date(2025, 5, 20),
        authority: "Ministry of Defence of Kazakhstan".to_owned(),
        note: "Note verbale".to_owned(),
    };
    app.record_duty_to_inform(&officer, later(33), id.as_str(), inform).await.unwrap();
    let detail = app.vetting_request(&officer, later(40), id.as_str()).await.unwrap();
    assert_eq!(detail.status, RequestStatus::Decided);
    assert_eq!(detail.nominees[0].history.len(), 2, "the suspension stays in the history");
    assert_eq!(detail.nominees[0].latest().unwrap().reviewer_name, "Olga Officer");
    assert_eq!(detail.duty_to_inform.len(), 1);
    let list = app.vetting_requests(&officer, later(40)).await.unwrap();
    assert!(list.iter().any(|r| r.row.id == id && r.status == RequestStatus::Decided));
    assert_eq!(app.verify(&Actor::System).await.unwrap().problem, None);

    // Roles without the vetting right neither read nor decide.
    for role in [Role::Analyst, Role::Investigator, Role::Reviewer] {
        let actor = Actor::User { id: domain::id::UserId::from_bits(9), role };
        assert!(app.vetting_request(&actor, now(), id.as_str()).await.is_err(), "{role}");
        assert!(app.screen_request(&actor, now(), id.as_str()).await.is_err(), "{role}");
        let approve = NewDecision { verdict: Verdict::Approved, reason: None, rationale: String::new() };
        assert!(app.decide_nominee(&actor, now(), id.as_str(), first.as_str(), approve).await.is_err(), "{role}");
    }
}

pub(crate) async fn the_index_is_rebuilt_when_the_registry_changes(app: App) {
    let (app, scenario) = loaded(app).await;
    let officer = officer(&app).await;
    let kazbat = vec![app::NomineeQuery::unit("q1", "KAZBAT")];
    let before = app.screen_nominees(&officer, kazbat.clone()).await.unwrap();
    assert!(!before.is_empty());
    // A new unit named like a made-up one, with an attribution: the next screen sees it.
    let made_up = vec![app::NomineeQuery::unit("q2", "Zzyzx Rangers")];
    assert!(app.screen_nominees(&officer, made_up.clone()).await.unwrap().is_empty());
    let unit = domain::entity::Unit {
        id: domain::id::UnitId::from_bits(77),
        kind: domain::entity::UnitKind::Unit,
        base: None,
        names: vec![domain::entity::UnitName {
            name: "Zzyzx Rangers".to_owned(),
            language: "en".to_owned(),
            valid_from: None,
            valid_to: None,
        }],
        parents: Vec::new(),
        source_ids: vec![scenario.sources[0].id.clone()],
    };
    app.add_units(&Actor::System, now(), vec![unit.clone()]).await.unwrap();
    let attribution = domain::entity::Attribution {
        id: domain::id::AttributionId::from_bits(78),
        incident_id: scenario.incidents[0].id.clone(),
        subject: domain::entity::Subject::Unit(unit.id.clone()),
        role: "fired on the crowd".to_owned(),
        confidence: domain::entity::Confidence::Medium,
        source_ids: vec![scenario.sources[0].id.clone()],
    };
    app.add_attributions(&Actor::System, now(), vec![attribution]).await.unwrap();
    let after = app.screen_nominees(&officer, made_up).await.unwrap();
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0].entity, domain::entity::Subject::Unit(unit.id));
}

pub(crate) async fn registry_questions_are_answered_with_sources(app: App) {
    let (app, scenario) = loaded(app).await;
    let analyst = Actor::User { id: domain::id::UserId::from_bits(9), role: Role::Analyst };
    let kazbat = scenario.units.iter().find(|u| u.display_name() == "KAZBAT").unwrap();
    let deployment = scenario.deployments.iter().find(|d| d.unit_id == kazbat.id).unwrap();
    let on = deployment.start;
    let found = app.units_at(&analyst, &deployment.place.name, on).await.unwrap();
    let at = found.units.iter().find(|u| u.deployment.unit_id == kazbat.id).expect("KAZBAT was there");
    assert_eq!(at.deployment.source_id, deployment.source_id, "the datum comes with its source");
    // Every unit found was deployed there that day, and every commander's posting covers the day.
    for unit in &found.units {
        assert!(unit.deployment.start <= on && unit.deployment.end.is_none_or(|end| end >= on));
        for c in &unit.commanders {
            assert!(c.posting.start.is_none_or(|s| s <= on) && c.posting.end.is_none_or(|e| e >= on));
        }
    }
    let expected: Vec<_> = scenario
        .postings
        .iter()
        .filter(|p| p.unit_id == kazbat.id && screening::index::is_command_role(&p.role))
        .filter(|p| p.start.is_none_or(|s| s <= on) && p.end.is_none_or(|e| e >= on))
        .map(|p| p.id.clone())
        .collect();
    let commanders = app.commanders_on(&analyst, kazbat.id.as_str(), on).await.unwrap();
    assert_eq!(commanders.iter().map(|c| c.posting.id.clone()).collect::<Vec<_>>(), expected);
    let assistance = app.assistance_received(&analyst, kazbat.id.as_str()).await.unwrap();
    let expected =
        scenario.assistance.iter().filter(|a| a.recipient == domain::entity::Subject::Unit(kazbat.id.clone()));
    assert_eq!(assistance.len(), expected.count());
    assert!(!assistance.is_empty(), "the demo's KAZBAT was trained");
    let unit = app.unit(&analyst, kazbat.id.as_str()).await.unwrap();
    assert!(!unit.attributions.is_empty(), "incidents are attributed to KAZBAT");
    let outsider = Actor::User { id: domain::id::UserId::from_bits(9), role: Role::Public };
    assert!(app.units_at(&outsider, &deployment.place.name, on).await.is_err());
}
