//! Reviewing the registry: the registry list with its filters, the review queue, a pair with both
//! records and the waterfall, decisions (same / different / unsure) and their undoing.
//!
//! A "same" decision on records of two persons merges them (the person with more records stays;
//! the other is marked merged into it); a "different" decision on records of one person splits it
//! along its weakest links (see [`crate::clusters`]). Every decision keeps the registry state it
//! replaced, so undoing it restores that state exactly, as long as nothing later changed the same
//! records or persons.

use std::collections::BTreeMap;

use domain::access::{Action, Actor, authorize};
use domain::change::Change;
use domain::date::Timestamp;
use domain::entity::Record;
use domain::id::{DecisionId, PersonId, RecordId, SourceId};
use domain::registry::*;
use store::registry::{
    DecisionRow, LinkedRecord, ListSource, PlaceCount, QueueItem, RegistryFilter, RegistryRow, StoredPair,
};

use crate::classified::Withhold;
use crate::clusters::{Input, apply_decisions};
use crate::linking::REVIEW_BAND_PPM;
use crate::registry::Labels;
use crate::summary::summarize;
use crate::{App, Error, MAX_PAGE, Page, Result};

/// A page of the registry list.
#[derive(Debug, Clone)]
pub struct RegistryPage {
    pub page: Page<RegistryRow>,
    /// Persons matching the filter, on every page.
    pub total: u64,
    /// Places to filter by.
    pub places: Vec<PlaceCount>,
    /// The list sources, in the latest run's order (the membership columns).
    pub lists: Vec<ListSource>,
    /// For each person of the page, the sources that name them.
    pub membership: BTreeMap<PersonId, Vec<SourceId>>,
}

/// The sources that name a person, with how many of their records each holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub source_id: SourceId,
    pub title: String,
    pub n_records: u32,
}

/// The review queue.
#[derive(Debug, Clone)]
pub struct QueueView {
    /// The latest link run, whose pairs the queue holds; `None` before any run.
    pub run: Option<LinkRun>,
    pub items: Vec<QueueItem>,
    pub total: u64,
    pub labels: Labels,
}

/// A pair of records with everything a reviewer needs.
#[derive(Debug, Clone)]
pub struct PairDetail {
    pub a: LinkedRecord,
    pub b: LinkedRecord,
    /// The pair as the latest run that scored it did, if any did.
    pub stored: Option<StoredPair>,
    /// The decision in force on this pair.
    pub decision: Option<DecisionRow>,
    pub labels: Labels,
    /// The next pair of the review queue.
    pub next: Option<(RecordId, RecordId)>,
}

fn ordered(a: RecordId, b: RecordId) -> Result<(RecordId, RecordId)> {
    match a.cmp(&b) {
        std::cmp::Ordering::Less => Ok((a, b)),
        std::cmp::Ordering::Greater => Ok((b, a)),
        std::cmp::Ordering::Equal => {
            Err(Error::BadInput { what: "pair", detail: "a pair needs two different records".to_owned() })
        }
    }
}

impl App {
    async fn linked(&self, id: &RecordId) -> Result<LinkedRecord> {
        self.store.linked_record(id).await?.ok_or_else(|| Error::NotFound { what: "record", id: id.to_string() })
    }

    /// One record with the person it is attached to.
    pub async fn record(&self, actor: &Actor, id: &str) -> Result<LinkedRecord> {
        authorize(actor, Action::ReadRegistry)?;
        let linked = self.linked(&RecordId::parse(id)?).await?;
        Ok(LinkedRecord { record: linked.record.withhold(actor)?, ..linked })
    }

    /// The registry: active persons in name order, narrowed by `filter`.
    pub async fn registry(
        &self,
        actor: &Actor,
        filter: &RegistryFilter,
        after: Option<&str>,
        limit: i64,
    ) -> Result<RegistryPage> {
        authorize(actor, Action::ReadRegistry)?;
        let limit = limit.clamp(1, MAX_PAGE);
        let after = after.filter(|a| !a.is_empty()).map(PersonId::parse).transpose()?;
        let mut rows = self.store.registry_page(filter, after.as_ref(), limit + 1).await?;
        let next = if rows.len() as i64 > limit {
            rows.truncate(limit as usize);
            rows.last().map(|row| row.person_id.to_string())
        } else {
            None
        };
        let ids: Vec<PersonId> = rows.iter().map(|r| r.person_id.clone()).collect();
        let mut membership: BTreeMap<PersonId, Vec<SourceId>> = BTreeMap::new();
        for (person, source) in self.store.sources_of_persons(&ids).await? {
            membership.entry(person).or_default().push(source);
        }
        let mut lists = self.store.list_sources().await?;
        if let Some(run) = self.store.latest_link_run().await? {
            lists.sort_by_key(|l| run.source_ids.iter().position(|s| *s == l.id).unwrap_or(usize::MAX));
        }
        Ok(RegistryPage {
            total: self.store.count_registry(filter).await?,
            places: self.store.registry_places().await?,
            lists,
            membership,
            page: Page { items: rows, next },
        })
    }

    /// Sources that hold records, for choosing what to link.
    pub async fn list_sources(&self, actor: &Actor) -> Result<(Vec<ListSource>, Option<LinkRun>)> {
        authorize(actor, Action::ReadRegistry)?;
        let mut sources = self.store.list_sources().await?;
        sources.sort_by(|a, b| (a.kind, &a.title, &a.id).cmp(&(b.kind, &b.title, &b.id)));
        Ok((sources, self.store.latest_link_run().await?))
    }

    /// The undecided pairs of the latest run in the uncertain band, highest priority first.
    pub async fn review_queue(&self, actor: &Actor, limit: i64) -> Result<QueueView> {
        authorize(actor, Action::ReadRegistry)?;
        let Some(run) = self.store.latest_link_run().await? else {
            return Ok(QueueView { run: None, items: Vec::new(), total: 0, labels: Labels::default() });
        };
        let limit = limit.clamp(1, MAX_PAGE);
        let (items, total) = self.store.review_queue(&run.id, REVIEW_BAND_PPM.0, REVIEW_BAND_PPM.1, limit).await?;
        let sources = items.iter().flat_map(|i| [&i.a.source_id, &i.b.source_id]);
        let persons = items.iter().flat_map(|i| [i.a.person_id.as_ref(), i.b.person_id.as_ref()]).flatten();
        let labels = self.labels(sources.collect(), persons.collect()).await?;
        Ok(QueueView { run: Some(run), items, total, labels })
    }

    /// Two records side by side, their score and explanation, and the decision on them.
    pub async fn pair(&self, actor: &Actor, a: &str, b: &str) -> Result<PairDetail> {
        authorize(actor, Action::ReadRegistry)?;
        let (a, b) = ordered(RecordId::parse(a)?, RecordId::parse(b)?)?;
        let (mut ra, mut rb) = (self.linked(&a).await?, self.linked(&b).await?);
        ra.record = ra.record.withhold(actor)?;
        rb.record = rb.record.withhold(actor)?;
        let stored = self.store.latest_pair(&a, &b).await?;
        let decision = self.store.active_decision(&a, &b).await?;
        let next = match self.store.latest_link_run().await? {
            Some(run) => {
                let (items, _) = self.store.review_queue(&run.id, REVIEW_BAND_PPM.0, REVIEW_BAND_PPM.1, 2).await?;
                items.into_iter().map(|i| (i.a.record_id, i.b.record_id)).find(|(x, y)| (x, y) != (&a, &b))
            }
            None => None,
        };
        let persons: Vec<&PersonId> = [ra.person_id.as_ref(), rb.person_id.as_ref()].into_iter().flatten().collect();
        let labels = self.labels(vec![&ra.record.source_id, &rb.record.source_id], persons).await?;
        Ok(PairDetail { a: ra, b: rb, stored, decision, labels, next })
    }

    /// The current registry entry of a person a decision touches; decisions need one.
    async fn entry(&self, id: &PersonId) -> Result<RegistryPerson> {
        self.store.registry_person(id).await?.ok_or_else(|| Error::BadInput {
            what: "pair",
            detail: format!("person {id} is not in the victim registry: link the sources first"),
        })
    }

    /// Records a reviewer's verdict on a pair, merging or splitting persons as it implies.
    pub async fn decide(
        &self,
        actor: &Actor,
        now: Timestamp,
        a: &str,
        b: &str,
        verdict: Verdict,
        note: &str,
    ) -> Result<PairDecision> {
        authorize(actor, Action::LinkRecords)?;
        let (a, b) = ordered(RecordId::parse(a)?, RecordId::parse(b)?)?;
        let (ra, rb) = (self.linked(&a).await?, self.linked(&b).await?);
        if let Some(existing) = self.store.active_decision(&a, &b).await? {
            return Err(Error::Conflict(format!(
                "this pair was decided already ({}); undo that decision before deciding again",
                existing.decision.verdict
            )));
        }
        let effect = match (verdict, &ra.person_id, &rb.person_id) {
            (Verdict::Unsure, _, _) => RegistryEffect::default(),
            (_, None, _) | (_, _, None) => {
                return Err(Error::BadInput {
                    what: "pair",
                    detail: "both records must be in the registry: link their sources first".to_owned(),
                });
            }
            (Verdict::Same, Some(pa), Some(pb)) if pa != pb => self.merge_effect(pa, pb).await?,
            (Verdict::Different, Some(pa), Some(pb)) if pa == pb => self.split_effect(pa, &a, &b).await?,
            _ => RegistryEffect::default(),
        };
        let decision = PairDecision {
            id: DecisionId::from_bits(crypto::token::random_bits()),
            record_a: a,
            record_b: b,
            verdict,
            note: note.trim().to_owned(),
            decided_at: now,
            decided_by: actor.label(),
            effect,
        };
        self.commit(actor, now, Action::LinkRecords, Change::PairDecided { decision: decision.clone() }).await?;
        Ok(decision)
    }

    /// Merging two persons: the one with more records (or the smaller id) stays.
    async fn merge_effect(&self, pa: &PersonId, pb: &PersonId) -> Result<RegistryEffect> {
        let (ea, eb) = (self.entry(pa).await?, self.entry(pb).await?);
        let (records_a, records_b) = (self.store.records_of_person(pa).await?, self.store.records_of_person(pb).await?);
        let in_a = |id: &RecordId| records_a.iter().any(|r| &r.id == id);
        let in_b = |id: &RecordId| records_b.iter().any(|r| &r.id == id);
        for (x, y, verdict) in self.store.active_decisions().await? {
            if verdict == Verdict::Different && ((in_a(&x) && in_b(&y)) || (in_b(&x) && in_a(&y))) {
                return Err(Error::Conflict(format!(
                    "records {x} and {y} of these two persons were decided to be different people; \
                     undo that decision first"
                )));
            }
        }
        let a_stays = (records_a.len(), std::cmp::Reverse(pa)) >= (records_b.len(), std::cmp::Reverse(pb));
        let (keep, keep_entry, gone, gone_entry, gone_records) =
            if a_stays { (pa, &ea, pb, &eb, &records_b) } else { (pb, &eb, pa, &ea, &records_a) };
        let all: Vec<&Record> = records_a.iter().chain(&records_b).collect();
        let kept = summarize(keep, &keep_entry.person.notes, &all);
        let merged = RegistryPerson {
            status: RegistryStatus::Merged,
            merged_into: Some(keep.clone()),
            n_records: 0,
            n_sources: 0,
            ..gone_entry.clone()
        };
        Ok(RegistryEffect {
            moves: gone_records
                .iter()
                .map(|r| RecordMove { record_id: r.id.clone(), from: Some(gone.clone()), to: Some(keep.clone()) })
                .collect(),
            before: vec![
                PersonState { person_id: keep.clone(), state: Some(keep_entry.clone()) },
                PersonState { person_id: gone.clone(), state: Some(gone_entry.clone()) },
            ],
            after: vec![
                PersonState { person_id: keep.clone(), state: Some(kept) },
                PersonState { person_id: gone.clone(), state: Some(merged) },
            ],
        })
    }

    /// Splitting a person so that `a` and `b` part: their records are clustered again from the
    /// latest run's pairs, honouring every decision in force. The largest part keeps the person.
    async fn split_effect(&self, person: &PersonId, a: &RecordId, b: &RecordId) -> Result<RegistryEffect> {
        let entry = self.entry(person).await?;
        let records = self.store.records_of_person(person).await?;
        let index = |id: &RecordId| records.iter().position(|r| &r.id == id).map(|i| i as u32);
        let (edges, threshold) = match self.store.latest_link_run().await? {
            Some(run) => {
                let edges = self
                    .store
                    .pair_edges_within_person(&run.id, person)
                    .await?
                    .into_iter()
                    .filter_map(|e| Some((index(&e.record_a)?, index(&e.record_b)?, e.weight.0)))
                    .collect::<Vec<_>>();
                let p = f64::from(run.threshold_ppm) / 1e6;
                (edges, Millibits::from_bits((p / (1.0 - p)).log2()).0)
            }
            None => (Vec::new(), 0),
        };
        let (mut same, mut different) = (Vec::new(), Vec::new());
        for (x, y, verdict) in self.store.active_decisions().await? {
            if let (Some(i), Some(j)) = (index(&x), index(&y)) {
                match verdict {
                    Verdict::Same => same.push((i, j)),
                    Verdict::Different => different.push((i, j)),
                    Verdict::Unsure => {}
                }
            }
        }
        let (Some(ia), Some(ib)) = (index(a), index(b)) else {
            return Err(Error::Conflict("the records are no longer with this person".to_owned()));
        };
        different.push((ia, ib));
        let initial = vec![0u32; records.len()];
        let outcome =
            apply_decisions(&Input { initial: &initial, edges: &edges, threshold, same: &same, different: &different });
        if outcome.cluster_of[ia as usize] == outcome.cluster_of[ib as usize] {
            return Err(Error::Conflict(
                "decisions that these records are the same person hold them together; undo those first".to_owned(),
            ));
        }
        let mut parts: Vec<Vec<&Record>> = vec![Vec::new(); outcome.n_clusters as usize];
        for (record, &cluster) in records.iter().zip(&outcome.cluster_of) {
            parts[cluster as usize].push(record);
        }
        let a_part = outcome.cluster_of[ia as usize] as usize;
        // The largest part keeps the person; on a tie, the part of the pair's first record.
        let keep = (0..parts.len()).max_by_key(|&i| (parts[i].len(), i == a_part, std::cmp::Reverse(i))).unwrap_or(0);
        let mut effect = RegistryEffect {
            moves: Vec::new(),
            before: vec![PersonState { person_id: person.clone(), state: Some(entry.clone()) }],
            after: vec![PersonState {
                person_id: person.clone(),
                state: Some(summarize(person, &entry.person.notes, &parts[keep])),
            }],
        };
        for (i, part) in parts.iter().enumerate() {
            if i == keep {
                continue;
            }
            let new_id = PersonId::from_bits(crypto::token::random_bits());
            effect.moves.extend(part.iter().map(|r| RecordMove {
                record_id: r.id.clone(),
                from: Some(person.clone()),
                to: Some(new_id.clone()),
            }));
            effect.before.push(PersonState { person_id: new_id.clone(), state: None });
            effect.after.push(PersonState { person_id: new_id.clone(), state: Some(summarize(&new_id, "", part)) });
        }
        Ok(effect)
    }

    /// Withdraws a decision and restores the registry as it was before it.
    pub async fn undo_decision(&self, actor: &Actor, now: Timestamp, id: &str) -> Result<PairDecision> {
        authorize(actor, Action::LinkRecords)?;
        let id = DecisionId::parse(id)?;
        let row =
            self.store.decision(&id).await?.ok_or_else(|| Error::NotFound { what: "decision", id: id.to_string() })?;
        if row.undone_at.is_some() {
            return Err(Error::Conflict("this decision was undone already".to_owned()));
        }
        let effect = &row.decision.effect;
        let records: Vec<RecordId> = effect.moves.iter().map(|m| m.record_id.clone()).collect();
        let persons: Vec<PersonId> = effect.after.iter().map(|s| s.person_id.clone()).collect();
        if let Some(last) = self.store.last_write_of(&records, &persons).await?
            && last > row.event_seq
        {
            return Err(Error::Conflict(format!(
                "the records or persons of this decision changed after it (event {last}): undo the later \
                 decisions first; after a new link run, record a new decision instead"
            )));
        }
        let change = Change::PairDecisionUndone {
            decision_id: id,
            undone_at: now,
            undone_by: actor.label(),
            effect: effect.inverse(),
        };
        self.commit(actor, now, Action::LinkRecords, change).await?;
        Ok(row.decision)
    }

    /// Decisions, newest first.
    pub async fn decisions(&self, actor: &Actor, after: Option<&str>, limit: i64) -> Result<Page<DecisionRow>> {
        authorize(actor, Action::ReadRegistry)?;
        let limit = limit.clamp(1, MAX_PAGE);
        let after = after.filter(|a| !a.is_empty()).map(DecisionId::parse).transpose()?;
        let mut rows = self.store.decisions_page(after.as_ref(), limit + 1).await?;
        let next = if rows.len() as i64 > limit {
            rows.truncate(limit as usize);
            rows.last().map(|row| row.decision.id.to_string())
        } else {
            None
        };
        Ok(Page { items: rows, next })
    }

    /// One decision.
    pub async fn decision(&self, actor: &Actor, id: &str) -> Result<DecisionRow> {
        authorize(actor, Action::ReadRegistry)?;
        let id = DecisionId::parse(id)?;
        self.store.decision(&id).await?.ok_or_else(|| Error::NotFound { what: "decision", id: id.to_string() })
    }

    /// What the registry page of a person adds to the person page: their entry, the sources that
    /// name them, pairs that join them to other persons, and decisions on their records.
    pub(crate) async fn registry_extras(
        &self,
        person_id: &PersonId,
        records: &[Record],
    ) -> Result<(Option<RegistryPerson>, Vec<Membership>, Vec<QueueItem>, Vec<DecisionRow>)> {
        let Some(entry) = self.store.registry_person(person_id).await? else {
            return Ok((None, Vec::new(), Vec::new(), Vec::new()));
        };
        let mut counts: BTreeMap<&SourceId, u32> = BTreeMap::new();
        for record in records {
            *counts.entry(&record.source_id).or_insert(0) += 1;
        }
        let mut membership = Vec::new();
        for (source_id, n_records) in counts {
            let title = self.store.source(source_id).await?.map(|s| s.title).unwrap_or_default();
            membership.push(Membership { source_id: source_id.clone(), title, n_records });
        }
        let matches = match self.store.latest_link_run().await? {
            Some(run) => self.store.possible_matches(&run.id, person_id, REVIEW_BAND_PPM.0, 20).await?,
            None => Vec::new(),
        };
        let decisions = self.store.decisions_of_person(person_id).await?;
        Ok((Some(entry), membership, matches, decisions))
    }
}
