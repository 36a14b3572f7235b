//! The index over a registry and the implication logic.
//!
//! Building copies out of the [`Registry`] only what matching and hits need: every person's ids,
//! display name and parsed names (under blocking keys), every unit's names (under words), the
//! parent relations over time in both directions, incidents, attributions, sources, assistance,
//! and the postings that can implicate anyone: postings to units an attribution names, and
//! commanders' postings to units above them.
//!
//! Screening a person nominee: the registry persons whose names match theirs (person match score
//! at least [`Settings::person_threshold`]) and who are implicable at all (named by an attribution
//! or holding such a posting) are checked: attributions naming them; their postings to a unit
//! whose attributed incidents fall within the posting's dates; as commanders, the units below
//! theirs at the incident's date. Then the unit they are put forward with, as a unit nominee.
//! Screening a unit: the units whose names match, their own attributions, those of the units they
//! were part of and of the units that were part of them, each at the incident's date.

use std::collections::{BTreeMap, HashMap};

use foldhash::fast::FixedState;
use jiff::civil::Date;
use names::parse::Lexicon;
use names::person::{Person as NamePerson, match_persons, score_persons};
use rayon::prelude::*;

use domain::date::FuzzyDate;
use domain::entity::{Confidence, NomineeKind, Subject};
use domain::id::{AttributionId, IncidentId, PersonId, PostingId, UnitId};

use crate::hit::{AssistanceLink, Evidence, Hit, Link, NameMatch, Reason, SourceRef};
use crate::persons::{PersonNames, birth_date, gender};
use crate::query::{NomineeQuery, Registry};
use crate::units::{UnitMatch, UnitMatcher};

/// How far up or down the unit hierarchy implication is followed.
const MAX_DEPTH: usize = 8;

/// Thresholds of the engine. The defaults are what the demo and the benchmark are measured with.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// The least person match score (`names::person`) for a registry person to be considered.
    pub person_threshold: f64,
    /// The least unit-name score for a unit to be considered.
    pub unit_threshold: f64,
    /// Units scoring more than this below the best unit match of a name are dropped.
    pub unit_margin: f64,
    /// A bare surname stem whose block holds more names than this is not looked up (for names
    /// that give keys with an initial too).
    pub max_bare_block: usize,
    /// Registry persons whose match is this much weaker (in log-odds) than the nominee's best
    /// match are dropped: when one person agrees on the birth date and a namesake does not, the
    /// namesake is explained away. Namesakes the nominee's details cannot tell apart stay, all of
    /// them. When screening, the best match is sought among the implicable persons and the others
    /// born in the nominee's birth year.
    pub person_margin: f64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            person_threshold: 0.5,
            unit_threshold: 0.6,
            unit_margin: 0.1,
            max_bare_block: 2_000,
            person_margin: 4.0,
        }
    }
}

/// What the index holds, and what it skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexStats {
    pub persons: usize,
    pub person_names: usize,
    pub units: usize,
    pub attributions: usize,
    /// Units named by at least one attribution.
    pub implicated_units: usize,
    /// Persons named by an attribution or posted to a unit above or named by one.
    pub implicable_persons: usize,
    /// Postings kept (to implicated units, and commanders' to units above them).
    pub postings_kept: usize,
    /// References to a person, unit, incident or source that is not in the registry.
    pub skipped_references: usize,
}

struct UnitRec {
    id: UnitId,
    display: String,
    names: Vec<String>,
}

#[derive(Clone, Copy)]
struct Edge {
    other: u32,
    from: Option<Date>,
    to: Option<Date>,
}

impl Edge {
    fn covers(&self, date: &FuzzyDate) -> bool {
        covers(self.from, self.to, date)
    }
}

/// Whether a period (open ends unknown or ongoing) may include a day of `date`.
fn covers(from: Option<Date>, to: Option<Date>, date: &FuzzyDate) -> bool {
    from.is_none_or(|f| f <= date.latest()) && to.is_none_or(|t| t >= date.earliest())
}

struct IncidentRec {
    id: IncidentId,
    title: String,
    date: FuzzyDate,
    place: String,
}

struct AttributionRec {
    id: AttributionId,
    incident: u32,
    subject: Subject,
    subject_name: String,
    role: String,
    confidence: Confidence,
    sources: Vec<u32>,
}

struct PostingRec {
    id: PostingId,
    unit: u32,
    role: String,
    rank: Option<String>,
    start: Option<Date>,
    end: Option<Date>,
    commander: bool,
    source: Option<u32>,
}

/// An owned index over a registry. `Send + Sync`: build once, share, screen many batches.
pub struct Index {
    settings: Settings,
    stats: IndexStats,
    person_ids: Vec<PersonId>,
    person_display: Vec<String>,
    names: PersonNames,
    implicable: Vec<bool>,
    units: Vec<UnitRec>,
    unit_matcher: UnitMatcher,
    parents: Vec<Vec<Edge>>,
    children: Vec<Vec<Edge>>,
    incidents: Vec<IncidentRec>,
    attributions: Vec<AttributionRec>,
    unit_attributions: Vec<Vec<u32>>,
    person_attributions: HashMap<u32, Vec<u32>, FixedState>,
    postings: Vec<PostingRec>,
    person_postings: HashMap<u32, Vec<u32>, FixedState>,
    sources: Vec<SourceRef>,
    assistance: Vec<AssistanceLink>,
    unit_assistance: HashMap<u32, Vec<u32>, FixedState>,
    person_assistance: HashMap<u32, Vec<u32>, FixedState>,
}

fn map<V>() -> HashMap<u32, V, FixedState> {
    HashMap::with_hasher(FixedState::with_seed(0))
}

/// Whether a posting's role is the command of the unit (head, commander, chief), in English,
/// Russian or Kazakh. Deputies and commanders of sub-units (`company commander`) are not.
pub fn is_command_role(role: &str) -> bool {
    let role = role.trim().to_lowercase();
    const COMMAND: &[&str] = &[
        "commander",
        "unit commander",
        "head",
        "chief",
        "head of the facility",
        "head of the unit",
        "head of the department",
        "командир",
        "командир части",
        "начальник",
        "руководитель",
        "командующий",
        "басшы",
        "бастық",
        "командир бөлімі",
        "қолбасшы",
    ];
    COMMAND.contains(&role.as_str())
}

impl Index {
    /// Builds the index with the default [`Settings`].
    pub fn build(registry: &Registry<'_>) -> Index {
        Index::build_with(registry, Settings::default())
    }

    /// Builds the index.
    pub fn build_with(registry: &Registry<'_>, settings: Settings) -> Index {
        let mut stats = IndexStats {
            persons: registry.persons.len(),
            units: registry.units.len(),
            attributions: registry.attributions.len(),
            ..IndexStats::default()
        };
        let person_at: HashMap<&PersonId, u32, FixedState> = {
            let mut m = HashMap::with_capacity_and_hasher(registry.persons.len(), FixedState::with_seed(0));
            for (i, p) in registry.persons.iter().enumerate() {
                m.entry(&p.id).or_insert(i as u32);
            }
            m
        };
        let unit_at: HashMap<&UnitId, u32, FixedState> = {
            let mut m = HashMap::with_hasher(FixedState::with_seed(0));
            for (i, u) in registry.units.iter().enumerate() {
                m.entry(&u.id).or_insert(i as u32);
            }
            m
        };
        let source_at: HashMap<&domain::id::SourceId, u32, FixedState> = {
            let mut m = HashMap::with_hasher(FixedState::with_seed(0));
            for (i, s) in registry.sources.iter().enumerate() {
                m.entry(&s.id).or_insert(i as u32);
            }
            m
        };
        let sources: Vec<SourceRef> = registry
            .sources
            .iter()
            .map(|s| SourceRef { id: s.id.clone(), title: s.title.clone(), reliability: s.reliability })
            .collect();
        let mut skipped = 0usize;
        let mut source_of = |id: &domain::id::SourceId| -> Option<u32> {
            let found = source_at.get(id).copied();
            if found.is_none() {
                skipped += 1;
            }
            found
        };

        // Units, their names and the hierarchy over time.
        let units: Vec<UnitRec> = registry
            .units
            .iter()
            .map(|u| UnitRec {
                id: u.id.clone(),
                display: u.display_name().to_owned(),
                names: u.names.iter().map(|n| n.name.clone()).collect(),
            })
            .collect();
        let name_lists: Vec<Vec<&str>> = units.iter().map(|u| u.names.iter().map(String::as_str).collect()).collect();
        let unit_matcher = UnitMatcher::build(&name_lists);
        let mut parents: Vec<Vec<Edge>> = vec![Vec::new(); units.len()];
        let mut children: Vec<Vec<Edge>> = vec![Vec::new(); units.len()];
        let mut bad_refs = 0usize;
        for (child, unit) in registry.units.iter().enumerate() {
            for p in &unit.parents {
                let Some(&parent) = unit_at.get(&p.parent_id) else {
                    bad_refs += 1;
                    continue;
                };
                parents[child].push(Edge { other: parent, from: p.valid_from, to: p.valid_to });
                children[parent as usize].push(Edge { other: child as u32, from: p.valid_from, to: p.valid_to });
            }
        }

        // Incidents and attributions.
        let incident_at: HashMap<&IncidentId, u32, FixedState> = {
            let mut m = HashMap::with_hasher(FixedState::with_seed(0));
            for (i, x) in registry.incidents.iter().enumerate() {
                m.entry(&x.id).or_insert(i as u32);
            }
            m
        };
        let incidents: Vec<IncidentRec> = registry
            .incidents
            .iter()
            .map(|x| IncidentRec {
                id: x.id.clone(),
                title: x.title.clone(),
                date: x.date,
                place: x.place.name.clone(),
            })
            .collect();
        let mut attributions = Vec::new();
        let mut unit_attributions: Vec<Vec<u32>> = vec![Vec::new(); units.len()];
        let mut person_attributions = map::<Vec<u32>>();
        for a in registry.attributions {
            let Some(&incident) = incident_at.get(&a.incident_id) else {
                bad_refs += 1;
                continue;
            };
            let at = attributions.len() as u32;
            let subject_name = match &a.subject {
                Subject::Unit(id) => match unit_at.get(id) {
                    Some(&u) => {
                        unit_attributions[u as usize].push(at);
                        units[u as usize].display.clone()
                    }
                    None => {
                        bad_refs += 1;
                        continue;
                    }
                },
                Subject::Person(id) => match person_at.get(id) {
                    Some(&p) => {
                        person_attributions.entry(p).or_default().push(at);
                        registry.persons[p as usize].display_name().to_owned()
                    }
                    None => {
                        bad_refs += 1;
                        continue;
                    }
                },
            };
            attributions.push(AttributionRec {
                id: a.id.clone(),
                incident,
                subject: a.subject.clone(),
                subject_name,
                role: a.role.clone(),
                confidence: a.confidence,
                sources: a.source_ids.iter().filter_map(&mut source_of).collect(),
            });
        }
        stats.implicated_units = unit_attributions.iter().filter(|a| !a.is_empty()).count();

        // Units above an implicated unit (at any time; dates are checked when screening).
        let mut above = vec![false; units.len()];
        let mut stack: Vec<(u32, usize)> =
            (0..units.len() as u32).filter(|&u| !unit_attributions[u as usize].is_empty()).map(|u| (u, 0)).collect();
        while let Some((u, depth)) = stack.pop() {
            if depth >= MAX_DEPTH {
                continue;
            }
            for e in &parents[u as usize] {
                if !above[e.other as usize] {
                    above[e.other as usize] = true;
                    stack.push((e.other, depth + 1));
                }
            }
        }

        // The postings that can implicate anyone.
        let mut postings = Vec::new();
        let mut person_postings = map::<Vec<u32>>();
        for p in registry.postings {
            let (Some(&person), Some(&unit)) = (person_at.get(&p.person_id), unit_at.get(&p.unit_id)) else {
                bad_refs += 1;
                continue;
            };
            let commander = is_command_role(&p.role);
            if unit_attributions[unit as usize].is_empty() && !(commander && above[unit as usize]) {
                continue;
            }
            let at = postings.len() as u32;
            postings.push(PostingRec {
                id: p.id.clone(),
                unit,
                role: p.role.clone(),
                rank: p.rank.clone(),
                start: p.start,
                end: p.end,
                commander,
                source: source_of(&p.source_id),
            });
            person_postings.entry(person).or_default().push(at);
        }
        stats.postings_kept = postings.len();

        let mut implicable = vec![false; registry.persons.len()];
        for &p in person_attributions.keys().chain(person_postings.keys()) {
            implicable[p as usize] = true;
        }
        stats.implicable_persons = implicable.iter().filter(|x| **x).count();

        // Assistance.
        let mut assistance = Vec::new();
        let mut unit_assistance = map::<Vec<u32>>();
        let mut person_assistance = map::<Vec<u32>>();
        for a in registry.assistance {
            let at = assistance.len() as u32;
            match &a.recipient {
                Subject::Unit(id) => match unit_at.get(id) {
                    Some(&u) => unit_assistance.entry(u).or_default().push(at),
                    None => {
                        bad_refs += 1;
                        continue;
                    }
                },
                Subject::Person(id) => match person_at.get(id) {
                    Some(&p) => person_assistance.entry(p).or_default().push(at),
                    None => {
                        bad_refs += 1;
                        continue;
                    }
                },
            }
            assistance.push(AssistanceLink {
                assistance_id: a.id.clone(),
                kind: a.kind,
                provider: a.provider.clone(),
                programme: a.programme.clone(),
                start: a.start,
                end: a.end,
                source: source_of(&a.source_id).map(|s| sources[s as usize].clone()),
            });
        }

        let names = PersonNames::build(registry.persons);
        stats.person_names = names.entries.len();
        stats.skipped_references = skipped + bad_refs;
        Index {
            settings,
            stats,
            person_ids: registry.persons.iter().map(|p| p.id.clone()).collect(),
            person_display: registry.persons.iter().map(|p| p.display_name().to_owned()).collect(),
            names,
            implicable,
            units,
            unit_matcher,
            parents,
            children,
            incidents,
            attributions,
            unit_attributions,
            person_attributions,
            postings,
            person_postings,
            sources,
            assistance,
            unit_assistance,
            person_assistance,
        }
    }

    /// What the index holds.
    pub fn stats(&self) -> &IndexStats {
        &self.stats
    }

    /// The settings the index was built with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Screens a batch: the hits of every nominee, in the order of the nominees, then by reason
    /// (most direct first), score (highest first) and entity id. Deterministic.
    pub fn screen(&self, nominees: &[NomineeQuery]) -> Vec<Hit> {
        let per_nominee: Vec<Vec<Hit>> =
            nominees.par_iter().map_init(Lexicon::new, |lexicon, q| self.screen_one(q, lexicon)).collect();
        per_nominee.into_iter().flatten().collect()
    }

    /// The registry persons each person nominee's name matches (at least the person threshold),
    /// implicated or not: best first, then by person id. Unit nominees have none.
    pub fn name_matches(&self, nominees: &[NomineeQuery]) -> Vec<NameMatch> {
        let per_nominee: Vec<Vec<NameMatch>> = nominees
            .par_iter()
            .map_init(Lexicon::new, |lexicon, q| {
                if q.kind != NomineeKind::Person {
                    return Vec::new();
                }
                self.person_matches(q, lexicon, false)
                    .into_iter()
                    .map(|(p, score, _)| NameMatch {
                        nominee_id: q.nominee_id.clone(),
                        person_id: self.person_ids[p as usize].clone(),
                        person_name: self.person_display[p as usize].clone(),
                        score,
                    })
                    .collect()
            })
            .collect();
        per_nominee.into_iter().flatten().collect()
    }

    /// The registry units a free-text unit name or number resolves to, best first.
    pub fn resolve_unit(&self, text: &str) -> Vec<(UnitId, f64)> {
        self.unit_matcher
            .matches(text, self.settings.unit_threshold, self.settings.unit_margin)
            .into_iter()
            .map(|m| (self.units[m.unit as usize].id.clone(), m.score))
            .collect()
    }

    fn parse(&self, q: &NomineeQuery, lexicon: &mut Lexicon) -> NamePerson {
        NamePerson::with_lexicon(lexicon, &q.name, birth_date(q.birth_date), gender(q.gender))
    }

    /// (person, best score, entry of that score), best first then by person: the registry persons
    /// at or above the threshold and within the margin of the best match of all.
    ///
    /// With `implicable_only`, only implicable persons are returned, and the best match of all is
    /// sought among them and the other persons born in the nominee's birth year (only a rival
    /// that agrees on the birth date can be that much stronger than a namesake who does not; the
    /// others are not scored, which keeps a batch fast on registries where common names make
    /// blocks of thousands).
    fn person_matches(&self, q: &NomineeQuery, lexicon: &mut Lexicon, implicable_only: bool) -> Vec<(u32, f64, u32)> {
        let nominee = self.parse(q, lexicon);
        let nominee_year = birth_date(q.birth_date).map(|b| b.year as i16);
        let mut best: Vec<(u32, f64, u32)> = Vec::new();
        let mut rivals: Vec<u32> = Vec::new();
        let mut top = f64::NEG_INFINITY;
        for entry in self.names.candidates(&nominee, self.settings.max_bare_block) {
            let e = &self.names.entries[entry as usize];
            if implicable_only && !self.implicable[e.person as usize] {
                if nominee_year.is_some() && e.year == nominee_year {
                    rivals.push(entry);
                }
                continue;
            }
            let score = score_persons(&nominee, &e.name);
            if score < self.settings.person_threshold {
                continue;
            }
            top = top.max(log_odds(score));
            match best.iter_mut().find(|(p, ..)| *p == e.person) {
                Some(b) if b.1 >= score => {}
                Some(b) => *b = (e.person, score, entry),
                None => best.push((e.person, score, entry)),
            }
        }
        if best.is_empty() {
            return best;
        }
        for entry in rivals {
            let score = score_persons(&nominee, &self.names.entries[entry as usize].name);
            top = top.max(log_odds(score));
        }
        best.retain(|(_, score, _)| log_odds(*score) >= top - self.settings.person_margin);
        best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        best
    }

    fn screen_one(&self, q: &NomineeQuery, lexicon: &mut Lexicon) -> Vec<Hit> {
        let mut hits = Vec::new();
        match q.kind {
            NomineeKind::Person => {
                let nominee = self.parse(q, lexicon);
                for (person, score, entry) in self.person_matches(q, lexicon, true) {
                    let lines = match_persons(&nominee, &self.names.entries[entry as usize].name).explanation;
                    self.person_hits(q, person, score, lines, &mut hits);
                }
                if let Some(unit) = q.unit.as_deref().filter(|u| !u.trim().is_empty()) {
                    for m in self.unit_matcher.matches(unit, self.settings.unit_threshold, self.settings.unit_margin) {
                        self.unit_hits(q, &m, true, &mut hits);
                    }
                }
            }
            NomineeKind::Unit => {
                for m in self.unit_matcher.matches(&q.name, self.settings.unit_threshold, self.settings.unit_margin) {
                    self.unit_hits(q, &m, false, &mut hits);
                }
            }
        }
        hits.sort_by(|a, b| {
            a.reason.cmp(&b.reason).then(b.score.total_cmp(&a.score)).then_with(|| a.entity_id().cmp(b.entity_id()))
        });
        hits
    }

    fn evidence(&self, attribution: u32, via: Vec<Link>) -> Evidence {
        let a = &self.attributions[attribution as usize];
        let incident = &self.incidents[a.incident as usize];
        Evidence {
            incident_id: incident.id.clone(),
            incident_title: incident.title.clone(),
            incident_date: incident.date,
            place: incident.place.clone(),
            attribution_id: a.id.clone(),
            subject: a.subject.clone(),
            subject_name: a.subject_name.clone(),
            role: a.role.clone(),
            confidence: a.confidence,
            sources: a.sources.iter().map(|&s| self.sources[s as usize].clone()).collect(),
            via,
        }
    }

    fn incident_date(&self, attribution: u32) -> FuzzyDate {
        self.incidents[self.attributions[attribution as usize].incident as usize].date
    }

    fn parent_link(&self, child: u32, e: &Edge) -> Link {
        let (c, p) = (&self.units[child as usize], &self.units[e.other as usize]);
        Link::Parent {
            child_id: c.id.clone(),
            child_name: c.display.clone(),
            parent_id: p.id.clone(),
            parent_name: p.display.clone(),
            valid_from: e.from,
            valid_to: e.to,
        }
    }

    /// Every unit reachable from `unit` by parent edges (`up`) or child edges, with the path of
    /// (lower unit, edge to the upper unit) pairs from `unit`, depth-first in edge order.
    fn walk(&self, unit: u32, up: bool) -> Vec<(u32, Vec<(u32, Edge)>)> {
        let mut out = Vec::new();
        let mut stack: Vec<(u32, Vec<(u32, Edge)>)> = vec![(unit, Vec::new())];
        while let Some((u, path)) = stack.pop() {
            if path.len() >= MAX_DEPTH {
                continue;
            }
            let edges = if up { &self.parents[u as usize] } else { &self.children[u as usize] };
            for e in edges.iter().rev() {
                // No cycles: a unit already on the path is not entered again.
                if e.other == unit || path.iter().any(|(x, edge)| *x == e.other || edge.other == e.other) {
                    continue;
                }
                let mut next = path.clone();
                if up {
                    next.push((u, *e));
                } else {
                    // Stored as (child, edge to its parent) so that links read upwards.
                    next.push((e.other, Edge { other: u, from: e.from, to: e.to }));
                }
                out.push((e.other, next.clone()));
                stack.push((e.other, next));
            }
        }
        out
    }

    fn path_links(&self, path: &[(u32, Edge)], up: bool) -> Vec<Link> {
        let mut links: Vec<Link> = path.iter().map(|(child, e)| self.parent_link(*child, e)).collect();
        if !up {
            links.reverse();
        }
        links
    }

    fn person_hits(&self, q: &NomineeQuery, person: u32, score: f64, lines: Vec<String>, hits: &mut Vec<Hit>) {
        let mut found: BTreeMap<Reason, Vec<Evidence>> = BTreeMap::new();
        for &a in self.person_attributions.get(&person).into_iter().flatten() {
            found.entry(Reason::PersonImplicated).or_default().push(self.evidence(a, Vec::new()));
        }
        for &pi in self.person_postings.get(&person).into_iter().flatten() {
            let posting = &self.postings[pi as usize];
            let unit = &self.units[posting.unit as usize];
            let link = Link::Posting {
                posting_id: posting.id.clone(),
                person_id: self.person_ids[person as usize].clone(),
                unit_id: unit.id.clone(),
                unit_name: unit.display.clone(),
                role: posting.role.clone(),
                rank: posting.rank.clone(),
                start: posting.start,
                end: posting.end,
                source: posting.source.map(|s| self.sources[s as usize].clone()),
            };
            let reason =
                if posting.commander { Reason::CommandedImplicatedUnit } else { Reason::ServedInImplicatedUnit };
            for &a in &self.unit_attributions[posting.unit as usize] {
                if covers(posting.start, posting.end, &self.incident_date(a)) {
                    found.entry(reason).or_default().push(self.evidence(a, vec![link.clone()]));
                }
            }
            if posting.commander {
                for (below, path) in self.walk(posting.unit, false) {
                    for &a in &self.unit_attributions[below as usize] {
                        let date = self.incident_date(a);
                        if covers(posting.start, posting.end, &date) && path.iter().all(|(_, e)| e.covers(&date)) {
                            let mut via = vec![link.clone()];
                            via.extend(self.path_links(&path, false));
                            found
                                .entry(Reason::CommandedParentOfImplicatedUnit)
                                .or_default()
                                .push(self.evidence(a, via));
                        }
                    }
                }
            }
        }
        if found.is_empty() {
            return;
        }
        let name = &self.person_display[person as usize];
        let matched = format!(
            "{} matches registry person {name} (score {score:.2}{}{})",
            q.name,
            if lines.is_empty() { "" } else { ": " },
            lines.iter().take(3).cloned().collect::<Vec<_>>().join("; ")
        );
        let entity = Subject::Person(self.person_ids[person as usize].clone());
        self.emit(q, entity, name, score, &matched, lines, found, self.person_assistance.get(&person), hits);
    }

    fn unit_hits(&self, q: &NomineeQuery, m: &UnitMatch, stated: bool, hits: &mut Vec<Hit>) {
        let unit = m.unit;
        let mut found: BTreeMap<Reason, Vec<Evidence>> = BTreeMap::new();
        for &a in &self.unit_attributions[unit as usize] {
            found.entry(Reason::UnitImplicated).or_default().push(self.evidence(a, Vec::new()));
        }
        for (up, reason) in [(true, Reason::ParentUnitImplicated), (false, Reason::ChildUnitImplicated)] {
            for (other, path) in self.walk(unit, up) {
                for &a in &self.unit_attributions[other as usize] {
                    let date = self.incident_date(a);
                    if path.iter().all(|(_, e)| e.covers(&date)) {
                        found.entry(reason).or_default().push(self.evidence(a, self.path_links(&path, up)));
                    }
                }
            }
        }
        if found.is_empty() {
            return;
        }
        let rec = &self.units[unit as usize];
        let variant = rec.names.get(m.name as usize).map_or("", String::as_str);
        let written = if stated { q.unit.as_deref().unwrap_or_default() } else { q.name.as_str() };
        let whose = if stated { "The nominee's unit" } else { "The nominee" };
        let matched = format!(
            "{whose} \"{written}\" matches registry unit {} (score {:.2}, as \"{variant}\")",
            rec.display, m.score
        );
        let lines = vec![format!("name variant: {variant}"), format!("shared words: {}", m.shared.join(" "))];
        let entity = Subject::Unit(rec.id.clone());
        self.emit(q, entity, &rec.display, m.score, &matched, lines, found, self.unit_assistance.get(&unit), hits);
    }

    /// Turns the evidence found per reason into hits, with earlier assistance when any.
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        q: &NomineeQuery,
        entity: Subject,
        name: &str,
        score: f64,
        matched: &str,
        lines: Vec<String>,
        found: BTreeMap<Reason, Vec<Evidence>>,
        assistance: Option<&Vec<u32>>,
        hits: &mut Vec<Hit>,
    ) {
        for (reason, mut evidence) in found {
            evidence.sort_by(|a, b| {
                a.incident_date
                    .earliest()
                    .cmp(&b.incident_date.earliest())
                    .then_with(|| a.attribution_id.cmp(&b.attribution_id))
                    .then(a.via.len().cmp(&b.via.len()))
            });
            evidence.dedup_by(|b, a| a.attribution_id == b.attribution_id);
            let explanation = format!("{matched}. {}", describe(reason, name, &evidence));
            hits.push(Hit {
                nominee_id: q.nominee_id.clone(),
                entity: entity.clone(),
                entity_name: name.to_owned(),
                score,
                reason,
                explanation,
                match_explanation: lines.clone(),
                evidence,
                assistance: Vec::new(),
            });
        }
        let mut earlier: Vec<AssistanceLink> = assistance
            .into_iter()
            .flatten()
            .map(|&a| &self.assistance[a as usize])
            .filter(|a| match (q.activity_start, a.start) {
                (Some(activity), Some(start)) => start < activity,
                _ => true,
            })
            .cloned()
            .collect();
        if earlier.is_empty() {
            return;
        }
        earlier.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.assistance_id.cmp(&b.assistance_id)));
        let listed: Vec<String> = earlier
            .iter()
            .take(3)
            .map(|a| format!("{} by {} ({} to {})", a.programme, a.provider, day(a.start), day(a.end)))
            .collect();
        let more = if earlier.len() > 3 { format!(" and {} more", earlier.len() - 3) } else { String::new() };
        hits.push(Hit {
            nominee_id: q.nominee_id.clone(),
            entity,
            entity_name: name.to_owned(),
            score,
            reason: Reason::EarlierAssistance,
            explanation: format!(
                "{matched}. {name} received assistance before this activity ({} record{}): {}{more}.",
                earlier.len(),
                if earlier.len() == 1 { "" } else { "s" },
                listed.join("; ")
            ),
            match_explanation: lines,
            evidence: Vec::new(),
            assistance: earlier,
        });
    }
}

/// The log-odds of a score, finite at 0 and 1.
fn log_odds(score: f64) -> f64 {
    let p = score.clamp(1e-12, 1.0 - 1e-12);
    (p / (1.0 - p)).ln()
}

fn day(date: Option<Date>) -> String {
    date.map_or_else(|| "unknown".to_owned(), |d| d.to_string())
}

fn confidence(c: Confidence) -> &'static str {
    c.as_str()
}

/// The reason in words, with the first piece of evidence in full.
fn describe(reason: Reason, name: &str, evidence: &[Evidence]) -> String {
    let n = evidence.len();
    let incidents = if n == 1 { "1 incident".to_owned() } else { format!("{n} incidents") };
    let Some(first) = evidence.first() else { return String::new() };
    let sources: Vec<String> = first
        .sources
        .iter()
        .map(|s| format!("{} (reliability {})", s.title, s.reliability.as_str().to_uppercase()))
        .collect();
    let detail = format!(
        "{}{}: {} on {} at {}: {}, confidence {}; sources: {}",
        if n > 1 { "first, " } else { "" },
        first.subject_name,
        first.incident_title,
        first.incident_date,
        first.place,
        first.role,
        confidence(first.confidence),
        if sources.is_empty() { "none recorded".to_owned() } else { sources.join(", ") }
    );
    let posting = first.via.iter().find_map(|l| match l {
        Link::Posting { unit_name, role, start, end, .. } => {
            Some(format!("{unit_name} as {role} ({} to {})", day(*start), day(*end)))
        }
        Link::Parent { .. } => None,
    });
    let parents: Vec<String> = first
        .via
        .iter()
        .filter_map(|l| match l {
            Link::Parent { child_name, parent_name, .. } => Some(format!("{child_name} was part of {parent_name}")),
            Link::Posting { .. } => None,
        })
        .collect();
    let chain = if parents.is_empty() { String::new() } else { format!(" ({})", parents.join(", ")) };
    let posting = posting.unwrap_or_default();
    match reason {
        Reason::PersonImplicated => format!("{name} is named in the attribution of {incidents} ({detail})."),
        Reason::CommandedImplicatedUnit => {
            format!("{name} commanded {posting} when {incidents} attributed to the unit took place ({detail}).")
        }
        Reason::ServedInImplicatedUnit => {
            format!("{name} served in {posting} when {incidents} attributed to the unit took place ({detail}).")
        }
        Reason::UnitImplicated => format!("{name} is named in the attribution of {incidents} ({detail})."),
        Reason::CommandedParentOfImplicatedUnit => {
            format!("{name} commanded {posting}, above a unit implicated in {incidents} at the time{chain} ({detail}).")
        }
        Reason::ParentUnitImplicated => {
            format!("A unit {name} was part of at the time is implicated in {incidents}{chain} ({detail}).")
        }
        Reason::ChildUnitImplicated => {
            format!("A unit that was part of {name} at the time is implicated in {incidents}{chain} ({detail}).")
        }
        Reason::EarlierAssistance => String::new(),
    }
}
