//! The canary crawl (issue 6): the small demo with a canary in every protected field, crawled
//! without signing in and as every role (those that may not read protected fields, and the
//! investigator, who may but must open them first), from every route of the role matrix and every
//! link the pages give, with the writes each role is refused; no response may hold the canary in
//! any form. The investigator sees it in the answer to an opening, once the reading is recorded.

use std::collections::{BTreeSet, VecDeque};

use axum::http::StatusCode;
use domain::access::{Action, Actor, is_allowed};
use domain::change::{ProtectedField, ProtectedRecord};
use domain::id::TestimonyId;

use crate::roles::{MATRIX, MEMBERS, Rule, add_other_roles, ids, write};
use crate::support::*;

const CANARY: &str = "CANARY-q7Zx-w1tness";

/// Pages a crawl visits per visitor at most (the small demo has fewer reachable pages).
const MAX_PAGES: usize = 1_500;

/// The local links of a page (`href="/..."`), without fragments.
fn links(body: &str) -> Vec<String> {
    body.match_indices("href=\"/")
        .filter_map(|(at, _)| body[at + "href=\"".len()..].split('"').next())
        .map(|href| href.split('#').next().unwrap_or_default().replace("&amp;", "&"))
        .collect()
}

/// Whether a crawl should not follow `link`: another estimate (each runs the samplers) or a
/// second page of the same list is enough from the route list's own visit.
fn skipped(link: &str) -> bool {
    link.starts_with("/registry/estimate?") || link.starts_with("/static/")
}

fn leaks(reply: &Reply) -> Option<String> {
    if let Some(form) = demo::find_canary(reply.body.as_bytes(), CANARY) {
        return Some(format!("body ({form})"));
    }
    reply.headers.iter().find_map(|(name, value)| {
        demo::find_canary(value.as_bytes(), CANARY).map(|form| format!("header {name} ({form})"))
    })
}

#[tokio::test]
async fn no_page_any_visitor_or_role_browses_holds_the_canary() {
    let app = canary_demo_app(CANARY).await;
    let reviewer = add_other_roles(&app).await;
    let ids = ids(&app, &reviewer).await;
    let scenario = demo::generate(&demo::DemoConfig { seed: 7, scale: demo::Scale::Small });
    // Every role that may not read protected fields, and the investigator too: even those who may
    // read them see them only in the answer to an opening, never on a page they browse.
    let mut visitors = vec![None];
    visitors.extend(MEMBERS.iter().map(|m| Some(*m)));
    let refused = MEMBERS.iter().filter(|(_, role)| !is_allowed(*role, Action::ReadProtected)).count();
    assert_eq!(refused, 6, "administrator, analyst, vetting officer, reviewer, complainant, public");
    let mut failures = Vec::new();
    for visitor in visitors {
        let (name, mut client) = match visitor {
            None => ("anonymous", Client::new(&app)),
            Some((username, _)) => (username, Client::signed_in(&app, username).await),
        };
        let csrf = match visitor {
            None => String::new(),
            Some(_) => client.get("/api/v1/session").await.json()["csrf_token"].as_str().unwrap().to_owned(),
        };
        let mut queue: VecDeque<String> =
            MATRIX.iter().filter(|(method, ..)| *method == "GET").map(|(_, pattern, _)| ids.path(pattern)).collect();
        let mut seen = BTreeSet::new();
        while let Some(path) = queue.pop_front() {
            if seen.len() >= MAX_PAGES || !seen.insert(path.clone()) {
                continue;
            }
            let reply = client.get(&path).await;
            if let Some(leak) = leaks(&reply) {
                failures.push(format!("{name} GET {path}: the canary in the {leak}"));
            }
            for link in links(&reply.body).into_iter().filter(|link| !skipped(link) && !seen.contains(link)) {
                // The pages nearest the protected fields first, so the page limit never cuts them.
                if ["/incidents", "/testimonies/", "/allegations/"].iter().any(|p| link.starts_with(p)) {
                    queue.push_front(link);
                } else {
                    queue.push_back(link);
                }
            }
        }
        if let Some((_, role)) = visitor.filter(|(_, role)| is_allowed(*role, Action::ReadRegistry)) {
            // The record pages themselves (`/allegations/ale_…`), not their follow-up or the intake form.
            let visited = |prefix: &str| {
                let record = |rest: &str| !rest.contains('/') && rest.contains('_');
                seen.iter().filter(|path| path.strip_prefix(prefix).is_some_and(record)).count()
            };
            let all = (scenario.testimonies.len(), scenario.allegations.len());
            assert_eq!((visited("/testimonies/"), visited("/allegations/")), all, "{role} saw every one of them");
        }
        // The writes the role is refused, opening protected fields among them: the refusal too.
        for (method, pattern, rule) in MATRIX.iter().filter(|(method, ..)| *method != "GET") {
            let refused = match (visitor, rule) {
                (Some((_, role)), Rule::May(action)) => !is_allowed(role, *action),
                _ => false,
            };
            if refused {
                let reply = write(&mut client, method, &ids.path(pattern), &csrf, &ids).await;
                if let Some(leak) = leaks(&reply) {
                    failures.push(format!("{name} {method} {pattern}: the canary in the {leak}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn an_investigator_sees_the_canary_once_the_reading_is_recorded() {
    let app = canary_demo_app(CANARY).await;
    let reviewer = add_other_roles(&app).await;
    let ids = ids(&app, &reviewer).await;
    let mut investigator = Client::signed_in(&app, "investigator").await;
    for record in ["testimonies", "allegations"] {
        let id = if record == "testimonies" { &ids.testimony } else { &ids.allegation };
        let page = investigator.get(&format!("/{record}/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(demo::find_canary(page.body.as_bytes(), CANARY), None, "sealed until opened");
        let csrf = page.csrf_field();
        let opened = investigator.post(&format!("/{record}/{id}/open"), &[("csrf", &csrf)]).await;
        assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
        assert_eq!(demo::find_canary(opened.body.as_bytes(), CANARY), Some("plain"), "{record}");
    }
    // The reading is in the audit, with the reader and the record.
    let testimony = ProtectedRecord::Testimony(TestimonyId::parse(&ids.testimony).unwrap());
    let reads = app.protected_reads(&Actor::System, &testimony).await.unwrap();
    let user = investigator.get("/api/v1/session").await.json()["user_id"].as_str().unwrap().to_owned();
    assert_eq!(reads.len(), 1, "{reads:?}");
    assert_eq!(reads[0].actor, user);
    assert!(reads[0].fields.contains(&ProtectedField::WitnessIdentity));
    // An administrator sees who read it, and still not what was read.
    let mut admin = Client::signed_in(&app, "admin").await;
    let page = admin.get(&format!("/testimonies/{}", ids.testimony)).await;
    assert!(page.body.contains("Who opened the protected fields") && page.body.contains(&user), "{}", page.body);
    assert_eq!(demo::find_canary(page.body.as_bytes(), CANARY), None);
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());
}
