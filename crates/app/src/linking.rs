//! Linking sources into the victim registry: the linkage engine (the `victims` preset) runs over
//! the records of the chosen sources; reviewers' decisions are applied to its clusters (see
//! [`crate::clusters`]); each cluster becomes a registry person, keeping the id of the person that
//! already held most of its records; the scored pairs are kept with their waterfalls.
//!
//! One transaction holds the run, its pairs and the registry changes. Only records whose person
//! changes move, and only persons whose entry changes are written, so a run that changes nothing
//! writes only the run and its pairs.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use domain::access::{Action, Actor, authorize};
use domain::change::Change;
use domain::date::{FuzzyDate, Timestamp};
use domain::entity::Record;
use domain::id::{LinkRunId, PersonId, RecordId, SourceId};
use domain::registry::*;
use linkage::settings::Settings;
use store::registry::LinkedRecord;

use crate::clusters::{Input, apply_decisions};
use crate::summary::summarize;
use crate::{App, Error, Progress, Result};

/// Pairs whose match probability (ppm) lies in this band wait in the review queue.
pub const REVIEW_BAND_PPM: (u32, u32) = (50_000, 990_000);
/// Pairs below this probability (ppm) are not kept: they explain nothing a reviewer needs.
const PAIR_FLOOR_PPM: u32 = 10_000;
const PAIRS_PER_CHANGE: usize = 500;
const MOVES_PER_CHANGE: usize = 2000;
const PERSONS_PER_CHANGE: usize = 500;
/// Blocks larger than this are skipped when a rule would pass the guard; the limit is halved
/// until the rule fits, down to `MIN_SKIP_BLOCKS_OVER`.
const SKIP_BLOCKS_OVER: u64 = 2_000;
const MIN_SKIP_BLOCKS_OVER: u64 = 100;

/// Which sources to link; empty means every source that holds records.
#[derive(Debug, Clone, Default)]
pub struct LinkRequest {
    pub source_ids: Vec<SourceId>,
}

/// What a link run did.
#[derive(Debug, Clone)]
pub struct LinkReport {
    pub run: LinkRun,
    pub n_moved: u32,
    pub n_new_persons: u32,
    pub n_emptied: u32,
    /// Pairs now waiting in the review queue.
    pub n_queue: u64,
}

/// The engine's `victims` preset (as `aqiqat link --preset victims` uses it), keeping pairs from
/// the registry's floor, and skipping oversized blocks rather than refusing to link.
fn victims_settings(n_sources: usize) -> Settings {
    let mut settings = linkage::settings::victims(n_sources);
    settings.guard.keep_pairs_from = f64::from(PAIR_FLOOR_PPM) / 1e6;
    // Unlike the command line, the registry links whatever it is given: when a rule would yield
    // too many pairs, blocks of more records than this are skipped and the run says so in its
    // warnings (a list of a few thousand names never comes near).
    settings.guard.skip_blocks_over = Some(settings.guard.skip_blocks_over.unwrap_or(SKIP_BLOCKS_OVER));
    settings
}

/// A date as the engine reads it: exact, month or year; a wider range only by its year.
fn date_text(date: Option<FuzzyDate>) -> String {
    let Some(date) = date else { return String::new() };
    let (a, b) = (date.earliest(), date.latest());
    if date.is_exact() {
        a.to_string()
    } else if a.day() == 1 && b == a.last_of_month() {
        format!("{:04}-{:02}", a.year(), a.month())
    } else if a.year() == b.year() {
        format!("{:04}", a.year())
    } else {
        String::new()
    }
}

/// One registry source as a table of the standard layout.
fn engine_source(source_id: &SourceId, records: &[LinkedRecord]) -> linkage::Source {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let column = |name: &str, values: Vec<String>| linkage::Column { name: name.to_owned(), values };
    let fields = |f: fn(&Record) -> String| records.iter().map(|r| f(&r.record)).collect::<Vec<_>>();
    linkage::Source {
        name: source_id.to_string(),
        record_ids: records.iter().map(|r| r.record.id.to_string()).collect(),
        columns: vec![
            column("full_name", records.iter().map(|r| text(&r.record.fields.full_name)).collect()),
            column("surname", records.iter().map(|r| text(&r.record.fields.surname)).collect()),
            column("given_name", records.iter().map(|r| text(&r.record.fields.given_name)).collect()),
            column("patronymic", records.iter().map(|r| text(&r.record.fields.patronymic)).collect()),
            column("birth_date", fields(|r| date_text(r.fields.birth_date))),
            column("age", fields(|r| r.fields.age.map(|a| a.to_string()).unwrap_or_default())),
            column("gender", fields(|r| r.fields.gender.map(|g| g.as_str().to_owned()).unwrap_or_default())),
            column("death_date", fields(|r| date_text(r.fields.death_date))),
            column("place", records.iter().map(|r| text(&r.record.fields.place)).collect()),
        ],
    }
}

struct EngineProgress(Arc<dyn Progress>);

impl linkage::Progress for EngineProgress {
    fn stage(&self, name: &str, total: u64) {
        self.0.stage(name, total);
    }

    fn advance(&self, n: u64) {
        self.0.advance(n);
    }
}

/// What the engine's run gives, in the registry's terms.
struct EngineOutput {
    cluster_of: Vec<u32>,
    /// Kept pairs by engine index, with their explanation (sides in record-id order).
    pairs: Vec<(u32, u32, CandidatePair)>,
    n_candidates: u64,
    prior: Millibits,
    em_iterations: u32,
    em_converged: bool,
    warnings: Vec<String>,
}

fn run_engine(
    sources: &[linkage::Source],
    record_ids: &[RecordId],
    settings: &Settings,
    progress: &EngineProgress,
) -> std::result::Result<EngineOutput, linkage::Error> {
    // A rule that would still pass the guard is tried again with smaller blocks skipped.
    let mut settings = settings.clone();
    let linkage = loop {
        match linkage::link(sources, &settings, progress) {
            Err(linkage::Error::TooManyCandidates { .. })
                if settings.guard.skip_blocks_over.is_some_and(|limit| limit > MIN_SKIP_BLOCKS_OVER) =>
            {
                settings.guard.skip_blocks_over = settings.guard.skip_blocks_over.map(|limit| limit / 2);
            }
            result => break result?,
        }
    };
    let mut pairs = Vec::new();
    for pair in &linkage.pairs {
        let weight = Millibits::from_bits(pair.weight);
        if weight.probability_ppm() < PAIR_FLOOR_PPM {
            continue;
        }
        let waterfall = linkage.explain(pair.left, pair.right);
        let (left, right) = (&record_ids[pair.left as usize], &record_ids[pair.right as usize]);
        let swap = right < left;
        let steps = waterfall
            .steps
            .iter()
            .map(|step| {
                let (l, r) = if swap { (&step.right, &step.left) } else { (&step.left, &step.right) };
                WaterfallStep {
                    comparison: step.comparison.clone(),
                    left: l.clone(),
                    right: r.clone(),
                    level: step.level.clone(),
                    weight: Millibits::from_bits(step.weight),
                    tf_adjustment: Millibits::from_bits(step.tf_adjustment),
                    log2_m: step.m.map(|m| Millibits::from_bits(m.log2())),
                    log2_u: step.u.map(|u| Millibits::from_bits(u.log2())),
                }
            })
            .collect();
        let (a, b) = if swap { (right, left) } else { (left, right) };
        pairs.push((
            pair.left,
            pair.right,
            CandidatePair {
                record_a: a.clone(),
                record_b: b.clone(),
                weight,
                probability_ppm: weight.probability_ppm(),
                prior: Millibits::from_bits(waterfall.prior),
                steps,
            },
        ));
    }
    Ok(EngineOutput {
        cluster_of: linkage.clusters.cluster_of.clone(),
        pairs,
        n_candidates: linkage.model.n_candidates,
        prior: Millibits::from_bits(linkage.model.prior_weight()),
        em_iterations: linkage.model.em_iterations,
        em_converged: linkage.model.em_converged,
        warnings: linkage.warnings.iter().map(ToString::to_string).collect(),
    })
}

/// The weight (millibits) of a match probability.
fn weight_of(probability: f64) -> i64 {
    Millibits::from_bits((probability / (1.0 - probability)).log2()).0
}

impl App {
    /// Links the records of the chosen sources into the registry, honouring the decisions in force.
    pub async fn link_sources(
        &self,
        actor: &Actor,
        now: Timestamp,
        request: LinkRequest,
        progress: Arc<dyn Progress>,
    ) -> Result<LinkReport> {
        authorize(actor, Action::LinkRecords)?;
        // Lists in a fixed order (official, NGO, media, morgue, ..., then by title): the order of
        // the capture-history columns.
        let mut available = self.store.list_sources().await?;
        available.sort_by(|a, b| (a.kind, &a.title, &a.id).cmp(&(b.kind, &b.title, &b.id)));
        let source_ids: Vec<SourceId> = if request.source_ids.is_empty() {
            available.iter().map(|s| s.id.clone()).collect()
        } else {
            let mut chosen: Vec<SourceId> = Vec::new();
            for id in request.source_ids {
                if !available.iter().any(|s| s.id == id) {
                    return Err(Error::BadInput { what: "sources", detail: format!("source {id} holds no records") });
                }
                if !chosen.contains(&id) {
                    chosen.push(id);
                }
            }
            chosen.sort_by_key(|id| available.iter().position(|s| s.id == *id));
            chosen
        };
        if source_ids.is_empty() {
            return Err(Error::BadInput { what: "sources", detail: "no source holds records yet".to_owned() });
        }
        progress.stage("loading records", 0);
        let mut records: Vec<LinkedRecord> = Vec::new();
        let mut engine_sources = Vec::with_capacity(source_ids.len());
        for id in &source_ids {
            let of_source = self.store.linked_records_of_source(id).await?;
            engine_sources.push(engine_source(id, &of_source));
            records.extend(of_source);
        }
        let record_ids: Vec<RecordId> = records.iter().map(|r| r.record.id.clone()).collect();
        let settings = victims_settings(source_ids.len());
        let threshold = settings.clustering.threshold;
        let engine_progress = EngineProgress(progress.clone());
        let ids = record_ids.clone();
        let output =
            tokio::task::spawn_blocking(move || run_engine(&engine_sources, &ids, &settings, &engine_progress))
                .await
                .map_err(|error| Error::Conflict(format!("the linkage stopped: {error}")))?
                .map_err(Error::Linkage)?;

        progress.stage("applying decisions", 0);
        let index: HashMap<&RecordId, u32> = record_ids.iter().enumerate().map(|(i, id)| (id, i as u32)).collect();
        let (mut same, mut different) = (Vec::new(), Vec::new());
        for (a, b, verdict) in self.store.active_decisions().await? {
            if let (Some(&x), Some(&y)) = (index.get(&a), index.get(&b)) {
                match verdict {
                    Verdict::Same => same.push((x, y)),
                    Verdict::Different => different.push((x, y)),
                    Verdict::Unsure => {}
                }
            }
        }
        let edges: Vec<(u32, u32, i64)> = output.pairs.iter().map(|(l, r, p)| (*l, *r, p.weight.0)).collect();
        let outcome = apply_decisions(&Input {
            initial: &output.cluster_of,
            edges: &edges,
            threshold: weight_of(threshold),
            same: &same,
            different: &different,
        });

        // Clusters to persons: each keeps the person that already held most of its records.
        let mut overlaps: BTreeMap<(u32, PersonId), u32> = BTreeMap::new();
        for (record, &cluster) in records.iter().zip(&outcome.cluster_of) {
            if let Some(person) = &record.person_id {
                *overlaps.entry((cluster, person.clone())).or_insert(0) += 1;
            }
        }
        let mut ranked: Vec<(u32, PersonId, u32)> = overlaps.into_iter().map(|((c, p), n)| (n, p, c)).collect();
        ranked.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        let mut person_of_cluster: Vec<Option<PersonId>> = vec![None; outcome.n_clusters as usize];
        let mut taken: std::collections::HashSet<PersonId> = std::collections::HashSet::new();
        for (_, person, cluster) in ranked {
            if person_of_cluster[cluster as usize].is_none() && !taken.contains(&person) {
                taken.insert(person.clone());
                person_of_cluster[cluster as usize] = Some(person);
            }
        }
        let mut new_persons: std::collections::HashSet<PersonId> = std::collections::HashSet::new();
        let person_of_cluster: Vec<PersonId> = person_of_cluster
            .into_iter()
            .map(|p| {
                p.unwrap_or_else(|| {
                    let id = PersonId::from_bits(crypto::token::random_bits());
                    new_persons.insert(id.clone());
                    id
                })
            })
            .collect();
        let n_new_persons = new_persons.len() as u32;

        // Every person touched: who held a record of these sources, or now holds one.
        let outside = self.store.linked_records_outside(&source_ids).await?;
        let mut holdings: BTreeMap<PersonId, Vec<&Record>> = BTreeMap::new();
        for r in &outside {
            if let Some(person) = &r.person_id {
                holdings.entry(person.clone()).or_default().push(&r.record);
            }
        }
        let mut moves = Vec::new();
        let mut touched: Vec<PersonId> = records.iter().filter_map(|r| r.person_id.clone()).collect();
        for (record, &cluster) in records.iter().zip(&outcome.cluster_of) {
            let person = &person_of_cluster[cluster as usize];
            holdings.entry(person.clone()).or_default().push(&record.record);
            touched.push(person.clone());
            if record.person_id.as_ref() != Some(person) {
                moves.push(RecordMove {
                    record_id: record.record.id.clone(),
                    from: record.person_id.clone(),
                    to: Some(person.clone()),
                });
            }
        }
        touched.sort();
        touched.dedup();
        progress.stage("summarising persons", touched.len() as u64);
        let mut after = Vec::new();
        let mut n_emptied = 0u32;
        for person_id in &touched {
            // New persons have no entry yet: only the persons that held records are read.
            let existed = !new_persons.contains(person_id);
            let current = if existed { self.store.registry_person(person_id).await? } else { None };
            let notes = match &current {
                Some(current) => current.person.notes.clone(),
                None if existed => self.store.person(person_id).await?.map(|p| p.notes).unwrap_or_default(),
                None => String::new(),
            };
            let held = holdings.get(person_id).map(Vec::as_slice).unwrap_or_default();
            let mut entry = summarize(person_id, &notes, held);
            if held.is_empty() {
                // A person left without records keeps their names: their page still says who they were.
                if let Some(current) = &current {
                    entry.person = current.person.clone();
                    entry.place = current.place.clone();
                    entry.place_key = current.place_key.clone();
                    entry.age = current.age;
                    entry.merged_into = current.merged_into.clone();
                    if current.status == RegistryStatus::Merged {
                        entry.status = RegistryStatus::Merged;
                    }
                }
                n_emptied += u32::from(entry.status == RegistryStatus::Empty);
            }
            if current.as_ref() != Some(&entry) {
                after.push(PersonState { person_id: person_id.clone(), state: Some(entry) });
            }
            progress.advance(1);
        }

        let run = LinkRun {
            id: LinkRunId::from_bits(crypto::token::random_bits()),
            source_ids: source_ids.clone(),
            ran_at: now,
            n_records: records.len() as u32,
            n_candidates: output.n_candidates,
            n_pairs_kept: output.pairs.len() as u32,
            n_persons: outcome.n_clusters,
            threshold_ppm: (threshold * 1e6).round() as u32,
            prior: output.prior,
            em_iterations: output.em_iterations,
            em_converged: output.em_converged,
            n_conflicts: outcome.n_conflicts,
            warnings: output.warnings,
        };
        let mut changes = vec![Change::LinkRunRecorded { run: run.clone() }];
        let pairs: Vec<CandidatePair> = output.pairs.into_iter().map(|(_, _, pair)| pair).collect();
        for chunk in pairs.chunks(PAIRS_PER_CHANGE) {
            changes.push(Change::CandidatePairsScored { run_id: run.id.clone(), pairs: chunk.to_vec() });
        }
        let n_moved = moves.len() as u32;
        for chunk in moves.chunks(MOVES_PER_CHANGE) {
            let effect = RegistryEffect { moves: chunk.to_vec(), before: vec![], after: vec![] };
            changes.push(Change::RegistryRelinked { run_id: run.id.clone(), effect });
        }
        for chunk in after.chunks(PERSONS_PER_CHANGE) {
            let effect = RegistryEffect { moves: vec![], before: vec![], after: chunk.to_vec() };
            changes.push(Change::RegistryRelinked { run_id: run.id.clone(), effect });
        }
        progress.stage("writing the registry", changes.len() as u64);
        self.commit_all(actor, now, Action::LinkRecords, changes, &|_| progress.advance(1)).await?;
        let (_, n_queue) = self.store.review_queue(&run.id, REVIEW_BAND_PPM.0, REVIEW_BAND_PPM.1, 1).await?;
        Ok(LinkReport { run, n_moved, n_new_persons, n_emptied, n_queue })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_reach_the_engine_as_precisely_as_known() {
        let text = |s: &str| date_text(Some(s.parse().unwrap()));
        assert_eq!(text("2022-01-05"), "2022-01-05");
        assert_eq!(text("2022-01"), "2022-01");
        assert_eq!(text("1980"), "1980");
        assert_eq!(text("2022-01-04..2022-01-07"), "2022");
        assert_eq!(text("1979..1981"), "");
        assert_eq!(weight_of(0.5), 0);
    }
}
