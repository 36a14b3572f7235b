//! The pages of testimonies and allegations. Their protected fields (witness and complainant
//! identity, contact, statement, medical details) show as sealed; a member who may read protected
//! fields opens them with a form, and `app` records that reading before it opens anything. An
//! administrator sees who opened them, when, and which fields.

use askama::Template;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::access::{Action, Actor};
use domain::change::ProtectedRecord;
use domain::entity::{Allegation, Testimony};
use serde::Deserialize;

use crate::registry_pages::date_time;
use crate::session::Member;
use crate::view::{Cell, ErrorPageReply, Fact, Layout, Reply, Table, fact, require_csrf, show};
use crate::{AppState, now};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/testimonies/{id}", get(testimony))
        .route("/testimonies/{id}/open", post(open_testimony))
        .route("/allegations/{id}", get(allegation))
        .route("/allegations/{id}/open", post(open_allegation))
}

#[derive(Template)]
#[template(path = "protected.html")]
struct ProtectedPage {
    layout: Layout,
    heading: String,
    facts: Vec<Fact>,
    /// The protected fields in clear: empty unless the reading was recorded.
    opened: Vec<Fact>,
    /// Where the form that opens the protected fields posts, for members who may read them.
    open_action: Option<String>,
    /// Who opened the protected fields, for administrators (empty for others).
    readings: Vec<Table>,
}

#[derive(Debug, Deserialize)]
struct OpenForm {
    #[serde(default)]
    csrf: String,
}

fn linked(mut fact: Fact, href: String) -> Fact {
    fact.href = Some(href);
    fact
}

fn testimony_facts(layout: &Layout, testimony: &Testimony) -> Vec<Fact> {
    let tr = layout.tr;
    let mut facts = vec![
        fact(tr, "field-id", testimony.id.to_string()),
        fact(tr, "field-language", tr.code("locale", &testimony.language)),
        fact(tr, "field-given-on", testimony.given_on.to_string()),
    ];
    if let Some(incident_id) = &testimony.incident_id {
        facts.push(linked(fact(tr, "field-incident", incident_id.to_string()), format!("/incidents/{incident_id}")));
    }
    facts
}

fn allegation_facts(layout: &Layout, allegation: &Allegation) -> Vec<Fact> {
    let tr = layout.tr;
    let mut facts = vec![
        fact(tr, "field-id", allegation.id.to_string()),
        fact(tr, "field-kind", tr.code("violation", allegation.kind.as_str())),
        fact(tr, "field-status", allegation.status().map(|s| s.as_str().to_owned()).unwrap_or_default()),
        fact(tr, "field-registration-number", allegation.registration_number.clone().unwrap_or_default()),
        fact(tr, "field-handling-body", allegation.handling_body.clone().unwrap_or_default()),
    ];
    if let Some(incident_id) = &allegation.incident_id {
        facts.push(linked(fact(tr, "field-incident", incident_id.to_string()), format!("/incidents/{incident_id}")));
    }
    if let Some(person_id) = &allegation.victim {
        facts.push(linked(fact(tr, "col-victim", person_id.to_string()), format!("/persons/{person_id}")));
    }
    facts
}

fn page(
    layout: Layout,
    heading_id: &str,
    facts: Vec<Fact>,
    opened: Vec<Fact>,
    open_action: Option<String>,
    readings: Vec<Table>,
) -> Reply {
    let heading = layout.t(heading_id);
    let facts = facts.into_iter().filter(|fact| !fact.value.is_empty()).collect();
    show(&ProtectedPage { layout, heading, facts, opened, open_action, readings })
}

/// The read audit of `record` as a table, for those who may check the log.
async fn readings(
    state: &AppState,
    layout: &Layout,
    actor: &Actor,
    record: &ProtectedRecord,
) -> Result<Vec<Table>, ErrorPageReply> {
    if !state.app.may(actor, Action::Verify) {
        return Ok(Vec::new());
    }
    let tr = layout.tr;
    let rows = layout
        .check(state.app.protected_reads(actor, record).await)?
        .iter()
        .map(|read| {
            let fields = read.fields.iter().map(|f| tr.t(f.message_id())).collect::<Vec<_>>().join(", ");
            vec![Cell::text(date_time(read.at)), Cell::text(read.actor.clone()), Cell::text(fields)]
        })
        .collect();
    Ok(vec![Table::new(tr, "section-readings", &["col-date", "col-reader", "col-fields"], rows)])
}

async fn testimony(
    State(state): State<AppState>,
    member: Member,
    uri: axum::http::Uri,
    Path(id): Path<String>,
) -> Reply {
    let layout = Layout::member(&member, "incidents", &uri);
    let testimony = layout.check(state.app.testimony(&member.actor(), &id).await)?;
    let facts = testimony_facts(&layout, &testimony);
    let open =
        state.app.may(&member.actor(), Action::ReadProtected).then(|| format!("/testimonies/{}/open", testimony.id));
    let record = ProtectedRecord::Testimony(testimony.id.clone());
    let readings = readings(&state, &layout, &member.actor(), &record).await?;
    page(layout, "title-testimony", facts, Vec::new(), open, readings)
}

async fn open_testimony(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<OpenForm>,
) -> Reply {
    require_csrf(&member, &form.csrf)?;
    let layout = Layout::member_at(&member, "incidents", &format!("/testimonies/{id}"));
    let opened = layout.check(state.app.open_testimony(&member.actor(), now(), &id).await)?;
    let tr = layout.tr;
    let mut clear = vec![fact(tr, "field-witness", opened.witness.expose().clone())];
    if let Some(contact) = &opened.contact {
        clear.push(fact(tr, "field-contact", contact.expose().clone()));
    }
    clear.push(fact(tr, "field-statement", opened.text.expose().clone()));
    let facts = testimony_facts(&layout, &opened.testimony);
    page(layout, "title-testimony", facts, clear, None, Vec::new())
}

async fn allegation(
    State(state): State<AppState>,
    member: Member,
    uri: axum::http::Uri,
    Path(id): Path<String>,
) -> Reply {
    let layout = Layout::member(&member, "incidents", &uri);
    let allegation = layout.check(state.app.allegation(&member.actor(), &id).await)?;
    let facts = allegation_facts(&layout, &allegation);
    let open =
        state.app.may(&member.actor(), Action::ReadProtected).then(|| format!("/allegations/{}/open", allegation.id));
    let record = ProtectedRecord::Allegation(allegation.id.clone());
    let readings = readings(&state, &layout, &member.actor(), &record).await?;
    page(layout, "title-allegation", facts, Vec::new(), open, readings)
}

async fn open_allegation(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<OpenForm>,
) -> Reply {
    require_csrf(&member, &form.csrf)?;
    let layout = Layout::member_at(&member, "incidents", &format!("/allegations/{id}"));
    let opened = layout.check(state.app.open_allegation(&member.actor(), now(), &id).await)?;
    let tr = layout.tr;
    let mut clear = vec![fact(tr, "field-complainant", opened.complainant.expose().clone())];
    if let Some(medical) = &opened.medical {
        clear.push(fact(tr, "field-medical", medical.expose().clone()));
    }
    let facts = allegation_facts(&layout, &opened.allegation);
    page(layout, "title-allegation", facts, clear, None, Vec::new())
}
