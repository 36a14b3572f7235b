//! The registry: reading persons, incidents, units and sources, and adding them (the demo loader
//! and, later, imports use these).

use std::collections::BTreeMap;

use domain::access::{Action, Actor, authorize};
use domain::change::Change;
use domain::date::Timestamp;
use domain::entity::*;
use domain::id::*;
use store::read::{AttributionView, Counts, PersonViolation, PostingView, Summary};

use crate::classified::Withhold;
use crate::{App, Error, Result};

/// A page of a list and the cursor for the next page.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The id to pass as `after` for the next page; `None` on the last page.
    pub next: Option<String>,
}

/// Titles of the sources and names of the persons a detail page refers to, so that pages show
/// names rather than ids.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    sources: BTreeMap<SourceId, String>,
    persons: BTreeMap<PersonId, String>,
}

impl Labels {
    /// The source's title, or its id when it has none or is unknown.
    pub fn source(&self, id: &SourceId) -> String {
        self.sources.get(id).filter(|t| !t.is_empty()).cloned().unwrap_or_else(|| id.to_string())
    }

    /// The person's display name, or their id when it has none or is unknown.
    pub fn person(&self, id: &PersonId) -> String {
        self.persons.get(id).filter(|t| !t.is_empty()).cloned().unwrap_or_else(|| id.to_string())
    }
}

/// Everything the person page shows.
#[derive(Debug, Clone)]
pub struct PersonDetail {
    pub person: Person,
    pub records: Vec<Record>,
    pub violations: Vec<PersonViolation>,
    pub postings: Vec<PostingView>,
    pub labels: Labels,
    /// The person's entry in the victim registry, if they are in it.
    pub registry: Option<domain::registry::RegistryPerson>,
    /// The sources (lists) that name the person.
    pub membership: Vec<crate::Membership>,
    /// Pairs of the latest link run that join one of the person's records to another person.
    pub possible_matches: Vec<store::registry::QueueItem>,
    /// Decisions on pairs of the person's records, newest first.
    pub decisions: Vec<store::registry::DecisionRow>,
}

#[derive(Debug, Clone)]
pub struct IncidentDetail {
    pub incident: Incident,
    pub attributions: Vec<AttributionView>,
    pub labels: Labels,
}

#[derive(Debug, Clone)]
pub struct UnitDetail {
    pub unit: Unit,
    /// Parent names in the order of `unit.parents`.
    pub parent_names: Vec<String>,
    pub children: Vec<Summary>,
    pub postings: Vec<PostingView>,
    pub deployments: Vec<Deployment>,
    pub assistance: Vec<Assistance>,
    /// Incidents attributed to the unit.
    pub attributions: Vec<crate::UnitAttribution>,
    pub labels: Labels,
}

#[derive(Debug, Clone)]
pub struct SourceDetail {
    pub source: Source,
    pub n_records: i64,
    /// The first records of the source, in row order.
    pub records: Vec<Record>,
    /// Files imported into the source, oldest first.
    pub imports: Vec<store::registry::ImportSummary>,
    /// The saved column mapping, if any.
    pub mapping: Option<domain::registry::ColumnMapping>,
}

/// The largest page a caller may ask for.
use crate::MAX_PAGE;

fn page(mut items: Vec<Summary>, limit: i64) -> Page<Summary> {
    let next = if items.len() as i64 > limit {
        items.truncate(limit as usize);
        items.last().map(|item| item.id.clone())
    } else {
        None
    };
    Page { items, next }
}

fn withhold_postings(postings: Vec<PostingView>, actor: &Actor) -> Result<Vec<PostingView>> {
    postings.into_iter().map(|view| Ok(PostingView { posting: view.posting.withhold(actor)?, ..view })).collect()
}

fn parse_after<T>(after: Option<&str>, parse: fn(&str) -> std::result::Result<T, domain::Error>) -> Result<Option<T>> {
    after.filter(|a| !a.is_empty()).map(parse).transpose().map_err(Error::from)
}

impl App {
    /// Looks up the titles and names of the given sources and persons.
    /// The ids are collected by the caller: iterators with closures held across an `await` would
    /// make the use case's future lose `Send`.
    pub(crate) async fn labels(&self, source_ids: Vec<&SourceId>, person_ids: Vec<&PersonId>) -> Result<Labels> {
        let mut labels = Labels::default();
        for id in source_ids {
            if !labels.sources.contains_key(id) {
                let title = self.store.source(id).await?.map(|s| s.title).unwrap_or_default();
                labels.sources.insert(id.clone(), title);
            }
        }
        for id in person_ids {
            if !labels.persons.contains_key(id) {
                let name = self.store.person_display_name(id).await?.unwrap_or_default();
                labels.persons.insert(id.clone(), name);
            }
        }
        Ok(labels)
    }

    pub async fn counts(&self, actor: &Actor) -> Result<Counts> {
        authorize(actor, Action::ReadRegistry)?;
        Ok(self.store.counts().await?)
    }

    pub async fn persons(&self, actor: &Actor, after: Option<&str>, limit: i64) -> Result<Page<Summary>> {
        authorize(actor, Action::ReadRegistry)?;
        let limit = limit.clamp(1, MAX_PAGE);
        let after = parse_after(after, PersonId::parse)?;
        Ok(page(self.store.persons_page(after.as_ref(), limit + 1).await?, limit))
    }

    pub async fn person(&self, actor: &Actor, id: &str) -> Result<PersonDetail> {
        authorize(actor, Action::ReadRegistry)?;
        let id = PersonId::parse(id)?;
        let person =
            self.store.person(&id).await?.ok_or_else(|| Error::NotFound { what: "person", id: id.to_string() })?;
        let records = self.store.records_of_person(&id).await?;
        let postings = self.store.postings_of_person(&id).await?;
        let (registry, membership, possible_matches, decisions) = self.registry_extras(&id, &records).await?;
        let matched = possible_matches.iter().flat_map(|m| [m.a.person_id.as_ref(), m.b.person_id.as_ref()]).flatten();
        let merged_into = registry.as_ref().and_then(|r| r.merged_into.as_ref());
        let source_ids = records
            .iter()
            .map(|r| &r.source_id)
            .chain(postings.iter().map(|p| &p.posting.source_id))
            .chain(possible_matches.iter().flat_map(|m| [&m.a.source_id, &m.b.source_id]));
        let labels = self.labels(source_ids.collect(), matched.chain(merged_into).collect()).await?;
        Ok(PersonDetail {
            violations: self.store.violations_of_person(&id).await?,
            records: records.withhold(actor)?,
            postings: withhold_postings(postings, actor)?,
            labels,
            person: person.withhold(actor)?,
            registry: registry.withhold(actor)?,
            membership,
            possible_matches,
            decisions,
        })
    }

    pub async fn incidents(&self, actor: &Actor, after: Option<&str>, limit: i64) -> Result<Page<Summary>> {
        authorize(actor, Action::ReadRegistry)?;
        let limit = limit.clamp(1, MAX_PAGE);
        let after = parse_after(after, IncidentId::parse)?;
        Ok(page(self.store.incidents_page(after.as_ref(), limit + 1).await?, limit))
    }

    pub async fn incident(&self, actor: &Actor, id: &str) -> Result<IncidentDetail> {
        authorize(actor, Action::ReadRegistry)?;
        let id = IncidentId::parse(id)?;
        let incident =
            self.store.incident(&id).await?.ok_or_else(|| Error::NotFound { what: "incident", id: id.to_string() })?;
        let attributions = self.store.attributions_of_incident(&id).await?;
        let source_ids =
            incident.source_ids.iter().chain(attributions.iter().flat_map(|a| a.attribution.source_ids.iter()));
        let victims = incident.violations.iter().filter_map(|v| v.victim.as_ref());
        let labels = self.labels(source_ids.collect(), victims.collect()).await?;
        let attributions = attributions
            .into_iter()
            .map(|view| Ok(AttributionView { attribution: view.attribution.withhold(actor)?, ..view }))
            .collect::<Result<_>>()?;
        Ok(IncidentDetail { attributions, incident: incident.withhold(actor)?, labels })
    }

    pub async fn units(&self, actor: &Actor, after: Option<&str>, limit: i64) -> Result<Page<Summary>> {
        authorize(actor, Action::ReadRegistry)?;
        let limit = limit.clamp(1, MAX_PAGE);
        let after = parse_after(after, UnitId::parse)?;
        Ok(page(self.store.units_page(after.as_ref(), limit + 1).await?, limit))
    }

    pub async fn unit(&self, actor: &Actor, id: &str) -> Result<UnitDetail> {
        authorize(actor, Action::ReadRegistry)?;
        let id = UnitId::parse(id)?;
        let unit = self.store.unit(&id).await?.ok_or_else(|| Error::NotFound { what: "unit", id: id.to_string() })?;
        let mut parent_names = Vec::with_capacity(unit.parents.len());
        for parent in &unit.parents {
            parent_names.push(self.store.unit_name(&parent.parent_id).await?.unwrap_or_default());
        }
        let postings = self.store.postings_of_unit(&id).await?;
        let deployments = self.store.deployments_of_unit(&id).await?;
        let assistance = self.store.assistance_of_unit(&id).await?;
        let source_ids = unit
            .source_ids
            .iter()
            .chain(postings.iter().map(|p| &p.posting.source_id))
            .chain(deployments.iter().map(|d| &d.source_id))
            .chain(assistance.iter().map(|a| &a.source_id));
        let attributions = self.unit_attributions(actor, &id).await?;
        let source_ids = source_ids.chain(attributions.iter().flat_map(|a| a.attribution.source_ids.iter()));
        let labels = self.labels(source_ids.collect(), Vec::new()).await?;
        Ok(UnitDetail {
            attributions,
            parent_names,
            children: self.store.unit_children(&id).await?,
            postings: withhold_postings(postings, actor)?,
            deployments: deployments.withhold(actor)?,
            assistance: assistance.withhold(actor)?,
            labels,
            unit: unit.withhold(actor)?,
        })
    }

    pub async fn sources(&self, actor: &Actor, after: Option<&str>, limit: i64) -> Result<Page<Summary>> {
        authorize(actor, Action::ReadRegistry)?;
        let limit = limit.clamp(1, MAX_PAGE);
        let after = parse_after(after, SourceId::parse)?;
        Ok(page(self.store.sources_page(after.as_ref(), limit + 1).await?, limit))
    }

    pub async fn source(&self, actor: &Actor, id: &str) -> Result<SourceDetail> {
        authorize(actor, Action::ReadRegistry)?;
        let id = SourceId::parse(id)?;
        let source =
            self.store.source(&id).await?.ok_or_else(|| Error::NotFound { what: "source", id: id.to_string() })?;
        Ok(SourceDetail {
            n_records: self.store.count_records_of_source(&id).await?,
            records: self.store.records_of_source(&id, 0, MAX_PAGE).await?.withhold(actor)?,
            imports: self.store.imports_of_source(&id).await?,
            mapping: self.store.column_mapping(&id).await?,
            source: source.withhold(actor)?,
        })
    }

    pub async fn register_source(&self, actor: &Actor, now: Timestamp, source: Source) -> Result<()> {
        self.commit(actor, now, Action::ImportSources, Change::SourceRegistered { source }).await.map(drop)
    }

    pub async fn import_records(
        &self,
        actor: &Actor,
        now: Timestamp,
        source_id: SourceId,
        records: Vec<Record>,
    ) -> Result<()> {
        if let Some(stray) = records.iter().find(|r| r.source_id != source_id) {
            return Err(Error::BadInput {
                what: "records",
                detail: format!("record {} belongs to source {}, not {source_id}", stray.id, stray.source_id),
            });
        }
        self.commit(actor, now, Action::ImportSources, Change::RecordsImported { source_id, records }).await.map(drop)
    }

    pub async fn add_persons(&self, actor: &Actor, now: Timestamp, persons: Vec<Person>) -> Result<()> {
        self.commit(actor, now, Action::EditRegistry, Change::PersonsAdded { persons }).await.map(drop)
    }

    pub async fn record_incidents(&self, actor: &Actor, now: Timestamp, incidents: Vec<Incident>) -> Result<()> {
        self.commit(actor, now, Action::EditRegistry, Change::IncidentsRecorded { incidents }).await.map(drop)
    }

    /// Seals the complainant's identity and medical details, then registers the allegations.
    pub async fn register_allegations(&self, actor: &Actor, now: Timestamp, intake: Vec<NewAllegation>) -> Result<()> {
        authorize(actor, Action::EditRegistry)?;
        let mut keys = Vec::new();
        let allegations = intake
            .into_iter()
            .map(|new| Allegation {
                complainant: self.seal_stored(&mut keys, &new.complainant),
                medical: new.medical.as_ref().map(|m| self.seal_stored(&mut keys, m)),
                id: new.id,
                incident_id: new.incident_id,
                victim: new.victim,
                kind: new.kind,
                registration_number: new.registration_number,
                handling_body: new.handling_body,
                timeline: new.timeline,
                perpetrators: new.perpetrators,
                details: new.details,
            })
            .collect();
        let change = Change::AllegationsRegistered { allegations };
        self.commit_sealed(actor, now, Action::EditRegistry, &[change], &keys).await.map(drop)
    }

    pub async fn open_cases(&self, actor: &Actor, now: Timestamp, cases: Vec<Case>) -> Result<()> {
        self.commit(actor, now, Action::EditRegistry, Change::CasesOpened { cases }).await.map(drop)
    }

    pub async fn add_units(&self, actor: &Actor, now: Timestamp, units: Vec<Unit>) -> Result<()> {
        self.commit(actor, now, Action::EditRegistry, Change::UnitsAdded { units }).await.map(drop)
    }

    pub async fn add_postings(&self, actor: &Actor, now: Timestamp, postings: Vec<Posting>) -> Result<()> {
        self.commit(actor, now, Action::EditRegistry, Change::PostingsAdded { postings }).await.map(drop)
    }

    pub async fn add_deployments(&self, actor: &Actor, now: Timestamp, deployments: Vec<Deployment>) -> Result<()> {
        self.commit(actor, now, Action::EditRegistry, Change::DeploymentsAdded { deployments }).await.map(drop)
    }

    pub async fn add_assistance(&self, actor: &Actor, now: Timestamp, assistance: Vec<Assistance>) -> Result<()> {
        self.commit(actor, now, Action::EditRegistry, Change::AssistanceAdded { assistance }).await.map(drop)
    }

    pub async fn add_attributions(&self, actor: &Actor, now: Timestamp, attributions: Vec<Attribution>) -> Result<()> {
        self.commit(actor, now, Action::EditRegistry, Change::AttributionsAdded { attributions }).await.map(drop)
    }

    pub async fn register_evidence(&self, actor: &Actor, now: Timestamp, evidence: Evidence) -> Result<()> {
        self.commit(actor, now, Action::EditRegistry, Change::EvidenceRegistered { evidence }).await.map(drop)
    }

    /// Seals the witness's identity, contact and statement, then records the testimonies.
    pub async fn record_testimonies(&self, actor: &Actor, now: Timestamp, intake: Vec<NewTestimony>) -> Result<()> {
        authorize(actor, Action::EditRegistry)?;
        let mut keys = Vec::new();
        let testimonies = intake
            .into_iter()
            .map(|new| Testimony {
                witness: self.seal_stored(&mut keys, &new.witness),
                contact: new.contact.as_ref().map(|c| self.seal_stored(&mut keys, c)),
                text: self.seal_stored(&mut keys, &new.text),
                id: new.id,
                incident_id: new.incident_id,
                language: new.language,
                given_on: new.given_on,
            })
            .collect();
        let change = Change::TestimoniesRecorded { testimonies };
        self.commit_sealed(actor, now, Action::EditRegistry, &[change], &keys).await.map(drop)
    }

    pub async fn record_claims(&self, actor: &Actor, now: Timestamp, claims: Vec<Claim>) -> Result<()> {
        self.commit(actor, now, Action::EditRegistry, Change::ClaimsRecorded { claims }).await.map(drop)
    }

    pub async fn create_vetting_request(&self, actor: &Actor, now: Timestamp, request: VettingRequest) -> Result<()> {
        self.commit(actor, now, Action::Vet, Change::VettingRequestCreated { request }).await.map(drop)
    }
}
