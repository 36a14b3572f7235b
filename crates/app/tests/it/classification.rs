//! Field classification as the use cases apply it: every field of every entity read out is in
//! `domain::classification::FIELDS`, and each role receives the fields of its clearance and no more.

use app::App;
use domain::access::Actor;
use domain::classification;
use domain::entity::{Allegation, Role, Testimony, ViolationKind};
use domain::id::{AllegationId, TestimonyId, UserId};
use domain::protected::Sealed;
use expect_test::{Expect, expect};
use serde::Serialize;
use serde_json::Value;

use crate::{loaded, sqlite};

/// The paths of `value` (serialised as `type_name`) that no line of the table classifies.
fn unclassified(type_name: &str, value: &impl Serialize) -> Vec<String> {
    fn walk(type_name: &str, prefix: &str, value: &Value, missing: &mut Vec<String>) {
        let Value::Object(object) = value else { return };
        for (key, inner) in object {
            let path = format!("{prefix}{key}");
            if classification::of(type_name, &path).is_some() {
                continue;
            }
            match inner {
                Value::Object(_) => walk(type_name, &format!("{path}."), inner, missing),
                Value::Array(items) if items.iter().any(Value::is_object) => {
                    items.iter().for_each(|item| walk(type_name, &format!("{path}."), item, missing))
                }
                _ => missing.push(format!("{type_name}.{path}")),
            }
        }
    }
    let mut missing = Vec::new();
    walk(type_name, "", &serde_json::to_value(value).unwrap(), &mut missing);
    missing.dedup();
    missing
}

#[tokio::test]
async fn every_field_of_every_entity_is_classified() {
    let (app, scenario) = loaded(sqlite().await).await;
    let sealed = || Sealed::from_bytes(vec![1, 2, 3]);
    let allegation = Allegation {
        id: AllegationId::from_bits(1),
        incident_id: None,
        victim: None,
        kind: ViolationKind::Torture,
        complainant: sealed(),
        medical: Some(sealed()),
        registration_number: Some("1".to_owned()),
        handling_body: Some("body".to_owned()),
        timeline: scenario.allegations[0].timeline.clone(),
        perpetrators: scenario.allegations[0].perpetrators.clone(),
        details: scenario.allegations.iter().find_map(|a| a.details.clone().filter(|d| d.death.is_some())),
    };
    let testimony = Testimony {
        id: TestimonyId::from_bits(1),
        incident_id: None,
        witness: sealed(),
        contact: Some(sealed()),
        text: sealed(),
        language: "ru".to_owned(),
        given_on: jiff::civil::date(2022, 1, 6),
    };
    let registry = app.registry(&Actor::System, &app::RegistryFilter::default(), None, 1).await.unwrap();
    let person = app.person(&Actor::System, &registry.page.items[0].person_id.to_string()).await.unwrap();
    let queue = app.review_queue(&Actor::System, 5).await.unwrap();
    let first = &queue.items[0];
    let pair = app.pair(&Actor::System, &first.a.record_id.to_string(), &first.b.record_id.to_string()).await.unwrap();
    let mut missing = Vec::new();
    let mut check = |type_name: &str, value: &dyn erased::Value| missing.extend(value.unclassified(type_name));
    check("Source", &scenario.sources);
    check("Record", &scenario.lists[0].records);
    check("Person", &scenario.persons);
    check("Incident", &scenario.incidents);
    check("Allegation", &vec![allegation]);
    check("Testimony", &vec![testimony]);
    check("Case", &scenario.cases);
    check("Unit", &scenario.units);
    check("Posting", &scenario.postings);
    check("Deployment", &scenario.deployments);
    check("Assistance", &scenario.assistance);
    check("Attribution", &scenario.attributions);
    check("Evidence", &scenario.evidence);
    check("Claim", &scenario.claims);
    check("Withdrawal", &scenario.withdrawals);
    check("PressureReport", &scenario.pressure_reports);
    check("VettingRequest", &scenario.vetting_requests);
    check("RegistryPerson", &person.registry.into_iter().collect::<Vec<_>>());
    check("LinkRun", &queue.run.into_iter().collect::<Vec<_>>());
    check("CandidatePair", &pair.stored.into_iter().map(|stored| stored.pair).collect::<Vec<_>>());
    assert_eq!(missing, Vec::<String>::new(), "fields without a classification");
}

/// Each item of a list checked against the table (a list, so that every variant shows up).
mod erased {
    pub(super) trait Value {
        fn unclassified(&self, type_name: &str) -> Vec<String>;
    }
    impl<T: serde::Serialize> Value for Vec<T> {
        fn unclassified(&self, type_name: &str) -> Vec<String> {
            let mut all: Vec<String> = self.iter().flat_map(|item| super::unclassified(type_name, item)).collect();
            all.sort();
            all.dedup();
            all
        }
    }
}

async fn what_each_role_receives(app: &App, scenario: &demo::Scenario, expect: Expect) {
    let person = &scenario.persons[0];
    let source = &scenario.sources[0];
    let mut seen = String::new();
    for &role in Role::ALL {
        let actor = Actor::User { id: UserId::from_bits(1), role };
        let line = match (
            app.person(&actor, &person.id.to_string()).await,
            app.source(&actor, &source.id.to_string()).await,
        ) {
            (Ok(p), Ok(s)) => {
                let shown = |yes: bool| if yes { "shown" } else { "withheld" };
                format!(
                    "names {}, birth date {}, person notes {}, source notes {}, source url {}",
                    shown(p.person.names == person.names),
                    shown(p.person.birth_date == person.birth_date),
                    shown(!p.person.notes.is_empty() && p.person.notes == person.notes),
                    shown(!s.source.notes.is_empty() && s.source.notes == source.notes),
                    shown(s.source.url == source.url),
                )
            }
            (Err(app::Error::Denied(_)), Err(app::Error::Denied(_))) => "denied".to_owned(),
            (p, s) => panic!("{role}: {:?} {:?}", p.err(), s.err()),
        };
        seen.push_str(&format!("{role}: {line}\n"));
    }
    expect.assert_eq(&seen);
}

#[tokio::test]
async fn each_role_receives_the_fields_of_its_clearance() {
    let (app, scenario) = loaded(sqlite().await).await;
    what_each_role_receives(
        &app,
        &scenario,
        expect![[r#"
            administrator: names shown, birth date shown, person notes shown, source notes shown, source url shown
            investigator: names shown, birth date shown, person notes shown, source notes shown, source url shown
            analyst: names shown, birth date shown, person notes withheld, source notes withheld, source url shown
            vetting-officer: names shown, birth date shown, person notes shown, source notes shown, source url shown
            reviewer: names shown, birth date shown, person notes withheld, source notes withheld, source url shown
            complainant: denied
            public: denied
        "#]],
    )
    .await;
}
