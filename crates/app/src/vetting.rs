//! Vetting requests: an activity with its nominees (entered in a form or read from a CSV or XLSX
//! file), their screening against the registry, the vetting officer's decision on each nominee,
//! and the duty-to-inform record. Every mutation is one event in one transaction; reads return
//! where each nominee stands at `now` (a suspension lapses after 30 days without an event).

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use domain::access::{Action, Actor, authorize};
use domain::change::Change;
use domain::date::{FuzzyDate, Timestamp};
use domain::entity::{Gender, Nominee, NomineeKind, VettingRequest};
use domain::id::{DutyToInformId, NomineeId, VettingDecisionId, VettingRequestId};
use domain::vetting::{
    DutyToInform, ReasonCode, RequestStatus, Screening, ScreeningHit, Standing, Verdict, VettingDecision,
};
use jiff::civil::Date;

use crate::classified::Withhold;
use crate::import::{parse_date_cell, parse_gender_cell, read_table};
use crate::{App, Error, Result};

/// The columns of a nominee file, in the order of the standard layout.
pub const NOMINEE_COLUMNS: [&str; 7] = ["nominee_id", "kind", "name", "birth_date", "gender", "unit", "rank"];

/// The most problems one error message lists; the rest are counted.
const MAX_PROBLEMS_SHOWN: usize = 20;

/// A vetting request as entered: the activity; nominees come with it.
#[derive(Debug, Clone, Default)]
pub struct NewVettingRequest {
    pub activity: String,
    pub provider: String,
    pub programme: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
}

/// One nominee as read from a file or a form, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NomineeRow {
    /// The file's own id of the nominee (`nominee_id`), if given; checked for repeats.
    pub reference: Option<String>,
    pub kind: NomineeKind,
    pub name: String,
    pub birth_date: Option<FuzzyDate>,
    pub gender: Option<Gender>,
    pub unit: Option<String>,
    pub rank: Option<String>,
}

/// A decision as the reviewer enters it; the reviewer and time are the actor's and `now`.
#[derive(Debug, Clone)]
pub struct NewDecision {
    pub verdict: Verdict,
    pub reason: Option<ReasonCode>,
    pub rationale: String,
}

/// A duty-to-inform record as entered.
#[derive(Debug, Clone)]
pub struct NewDutyToInform {
    pub nominee_id: Option<String>,
    pub informed_on: Date,
    pub authority: String,
    pub note: String,
}

/// One line of the list of vetting requests.
#[derive(Debug, Clone)]
pub struct RequestSummary {
    pub row: store::vetting::RequestRow,
    pub status: RequestStatus,
    /// Nominees approved or rejected.
    pub n_decided: usize,
}

/// A nominee with where they stand, their hits and the decisions taken on them.
#[derive(Debug, Clone)]
pub struct NomineeView {
    pub nominee: Nominee,
    pub standing: Standing,
    /// The hits of the request's latest screening for this nominee, in the engine's order.
    pub hits: Vec<ScreeningHit>,
    /// Decisions on this nominee, oldest first; the last one stands.
    pub history: Vec<VettingDecision>,
}

impl NomineeView {
    pub fn latest(&self) -> Option<&VettingDecision> {
        self.history.last()
    }
}

/// Everything the request's page and report show.
#[derive(Debug, Clone)]
pub struct RequestDetail {
    pub request: VettingRequest,
    pub created_at: Timestamp,
    pub status: RequestStatus,
    pub nominees: Vec<NomineeView>,
    /// When the request was last screened and against which event of the log; `None` if never.
    pub screened: Option<(Timestamp, i64)>,
    pub duty_to_inform: Vec<DutyToInform>,
    /// The time the standings were computed for.
    pub now: Timestamp,
}

impl RequestDetail {
    pub fn nominee(&self, id: &str) -> Option<&NomineeView> {
        self.nominees.iter().find(|n| n.nominee.id.as_str() == id)
    }

    pub fn n_hits(&self) -> usize {
        self.nominees.iter().map(|n| n.hits.len()).sum()
    }
}

fn problem(file_name: &str, row: usize, field: &str, detail: impl std::fmt::Display) -> String {
    format!("{file_name}, row {row}, field {field}: {detail}")
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Reads a nominee file (CSV or XLSX, columns [`NOMINEE_COLUMNS`]; `kind` and `name` required,
/// the others may be missing) into nominees, or fails naming the file, row (from 1 under the
/// header) and field of every cell that cannot be read. Blank rows are skipped.
pub fn parse_nominees(file_name: &str, bytes: &[u8]) -> Result<Vec<NomineeRow>> {
    let table = read_table(file_name, bytes)?;
    let key = |h: &str| h.trim().to_lowercase().replace([' ', '-'], "_");
    let column = |name: &str| table.headers.iter().position(|h| key(h) == name);
    let (Some(kind_at), Some(name_at)) = (column("kind"), column("name")) else {
        return Err(Error::BadInput {
            what: "nominee file",
            detail: format!(
                "{file_name}: the header must name the columns {} (kind and name at least); it has {}",
                NOMINEE_COLUMNS.join(","),
                table.headers.join(",")
            ),
        });
    };
    let at: Vec<Option<usize>> = NOMINEE_COLUMNS.iter().map(|c| column(c)).collect();
    let mut problems = Vec::new();
    let mut nominees = Vec::new();
    let mut references = HashSet::new();
    for (index, row) in table.rows.iter().enumerate() {
        let n = index + 1;
        let cell = |position: Option<usize>| position.and_then(|p| row.cells.get(p)).map_or("", |c| c.trim());
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if row.bad_encoding {
            problems.push(problem(file_name, n, "(row)", "the row is not valid UTF-8"));
        }
        let kind = match cell(Some(kind_at)).to_lowercase().as_str() {
            "person" => Some(NomineeKind::Person),
            "unit" => Some(NomineeKind::Unit),
            other => {
                problems.push(problem(file_name, n, "kind", format!("`{other}` is neither `person` nor `unit`")));
                None
            }
        };
        let name = cell(Some(name_at)).to_owned();
        if name.is_empty() {
            problems.push(problem(file_name, n, "name", "empty"));
        }
        let reference = optional(cell(at[0]));
        if let Some(reference) = &reference
            && !references.insert(reference.clone())
        {
            problems.push(problem(file_name, n, "nominee_id", format!("`{reference}` is given to an earlier row too")));
        }
        let birth_text = cell(at[3]);
        let birth_date = parse_date_cell(birth_text);
        if !birth_text.is_empty() && birth_date.is_none() {
            problems.push(problem(
                file_name,
                n,
                "birth_date",
                format!("`{birth_text}` is not a date (YYYY-MM-DD, DD.MM.YYYY, YYYY-MM or YYYY)"),
            ));
        }
        let gender_text = cell(at[4]);
        let gender = parse_gender_cell(gender_text);
        if !gender_text.is_empty() && gender.is_none() {
            problems.push(problem(file_name, n, "gender", format!("`{gender_text}` is not m or f")));
        }
        if let Some(kind) = kind
            && !name.is_empty()
        {
            nominees.push(NomineeRow {
                reference,
                kind,
                name,
                birth_date,
                gender,
                unit: optional(cell(at[5])),
                rank: optional(cell(at[6])),
            });
        }
    }
    if nominees.is_empty() && problems.is_empty() {
        problems.push(format!("{file_name}: no nominee under the header"));
    }
    if !problems.is_empty() {
        let n = problems.len();
        let mut detail = problems.into_iter().take(MAX_PROBLEMS_SHOWN).collect::<Vec<_>>().join("; ");
        if n > MAX_PROBLEMS_SHOWN {
            detail.push_str(&format!("; and {} more", n - MAX_PROBLEMS_SHOWN));
        }
        return Err(Error::BadInput { what: "nominee file", detail });
    }
    Ok(nominees)
}

fn not_found(what: &'static str, id: impl ToString) -> Error {
    Error::NotFound { what, id: id.to_string() }
}

fn bad(what: &'static str, detail: impl Into<String>) -> Error {
    Error::BadInput { what, detail: detail.into() }
}

impl App {
    /// The name of the actor as a reviewer: their display name, or `system`.
    async fn actor_name(&self, actor: &Actor) -> Result<(Option<domain::id::UserId>, String)> {
        match actor {
            Actor::User { id, .. } => {
                let user = self.store.user(id).await?.ok_or_else(|| not_found("user", id))?;
                Ok((Some(id.clone()), user.display_name))
            }
            Actor::System => Ok((None, "system".to_owned())),
            // A complainant is never cleared to vet; `authorize` refuses before this is asked.
            Actor::Complainant(_) => Ok((None, actor.label())),
        }
    }

    /// Creates a vetting request with its nominees (from a form or a file) in one event.
    pub async fn submit_vetting_request(
        &self,
        actor: &Actor,
        now: Timestamp,
        request: NewVettingRequest,
        nominees: Vec<NomineeRow>,
    ) -> Result<VettingRequestId> {
        authorize(actor, Action::Vet)?;
        let activity = request.activity.trim().to_owned();
        if activity.is_empty() {
            return Err(bad("vetting request", "the activity must be named"));
        }
        if let (Some(start), Some(end)) = (request.start, request.end)
            && end < start
        {
            return Err(bad("vetting request", format!("the activity ends ({end}) before it starts ({start})")));
        }
        if nominees.is_empty() {
            return Err(bad("vetting request", "a request needs at least one nominee"));
        }
        let id = VettingRequestId::from_bits(crypto::token::random_bits());
        let request = VettingRequest {
            id: id.clone(),
            activity,
            provider: request.provider.trim().to_owned(),
            programme: request.programme.trim().to_owned(),
            start: request.start,
            end: request.end,
            nominees: nominees
                .into_iter()
                .map(|row| Nominee {
                    id: NomineeId::from_bits(crypto::token::random_bits()),
                    kind: row.kind,
                    name: row.name,
                    birth_date: row.birth_date,
                    gender: row.gender,
                    unit: row.unit,
                    rank: row.rank,
                })
                .collect(),
        };
        self.commit(actor, now, Action::Vet, Change::VettingRequestCreated { request }).await?;
        Ok(id)
    }

    /// The vetting requests, newest first, with where each stands at `now`.
    pub async fn vetting_requests(&self, actor: &Actor, now: Timestamp) -> Result<Vec<RequestSummary>> {
        authorize(actor, Action::Vet)?;
        let rows = self.store.vetting_requests(None, crate::MAX_PAGE).await?;
        let mut summaries = Vec::with_capacity(rows.len());
        for (_, row) in rows {
            let decisions = self.store.vetting_decisions(&row.id).await?;
            let latest = latest_by_nominee(&decisions);
            let (request, _) =
                self.store.vetting_request(&row.id).await?.ok_or_else(|| not_found("request", &row.id))?;
            let standings: Vec<Standing> =
                request.nominees.iter().map(|n| Standing::at(latest.get(&n.id).copied(), now)).collect();
            summaries.push(RequestSummary {
                status: RequestStatus::of(&standings),
                n_decided: standings.iter().filter(|s| s.is_final()).count(),
                row,
            });
        }
        Ok(summaries)
    }

    /// A vetting request with its nominees, their hits, standings and decisions at `now`.
    pub async fn vetting_request(&self, actor: &Actor, now: Timestamp, id: &str) -> Result<RequestDetail> {
        authorize(actor, Action::Vet)?;
        let id = VettingRequestId::parse(id)?;
        let (request, created_at) =
            self.store.vetting_request(&id).await?.ok_or_else(|| not_found("vetting request", &id))?;
        let decisions = self.store.vetting_decisions(&id).await?.withhold(actor)?;
        let screening = self.store.screening(&id).await?.withhold(actor)?;
        let duty_to_inform = self.store.duty_to_inform(&id).await?.withhold(actor)?;
        let request = request.withhold(actor)?;
        let mut hits: BTreeMap<NomineeId, Vec<ScreeningHit>> = BTreeMap::new();
        let screened = screening.as_ref().map(|s| (s.screened_at, s.registry_seq));
        for hit in screening.map(|s| s.hits).unwrap_or_default() {
            hits.entry(hit.nominee_id.clone()).or_default().push(hit);
        }
        let mut history: BTreeMap<NomineeId, Vec<VettingDecision>> = BTreeMap::new();
        for decision in decisions {
            history.entry(decision.nominee_id.clone()).or_default().push(decision);
        }
        let nominees: Vec<NomineeView> = request
            .nominees
            .iter()
            .map(|nominee| {
                let history = history.remove(&nominee.id).unwrap_or_default();
                NomineeView {
                    standing: Standing::at(history.last(), now),
                    hits: hits.remove(&nominee.id).unwrap_or_default(),
                    nominee: nominee.clone(),
                    history,
                }
            })
            .collect();
        let standings: Vec<Standing> = nominees.iter().map(|n| n.standing).collect();
        Ok(RequestDetail {
            status: RequestStatus::of(&standings),
            request,
            created_at,
            nominees,
            screened,
            duty_to_inform,
            now,
        })
    }

    /// Records a reviewer's decision on a nominee of a request (one event; earlier ones are kept).
    pub async fn decide_nominee(
        &self,
        actor: &Actor,
        now: Timestamp,
        request_id: &str,
        nominee_id: &str,
        decision: NewDecision,
    ) -> Result<VettingDecisionId> {
        authorize(actor, Action::Vet)?;
        let request_id = VettingRequestId::parse(request_id)?;
        let nominee_id = NomineeId::parse(nominee_id)?;
        let (request, _) =
            self.store.vetting_request(&request_id).await?.ok_or_else(|| not_found("vetting request", &request_id))?;
        if !request.nominees.iter().any(|n| n.id == nominee_id) {
            return Err(not_found("nominee of this request", &nominee_id));
        }
        let (reviewer_id, reviewer_name) = self.actor_name(actor).await?;
        let id = VettingDecisionId::from_bits(crypto::token::random_bits());
        let decision = VettingDecision {
            id: id.clone(),
            request_id,
            nominee_id,
            verdict: decision.verdict,
            reason: decision.reason,
            rationale: decision.rationale.trim().to_owned(),
            reviewer_id,
            reviewer_name,
            decided_at: now,
        };
        decision.validate()?;
        self.commit(actor, now, Action::Vet, Change::NomineeDecided { decision }).await?;
        Ok(id)
    }

    /// Records that the host government was told that assistance is withheld (one event).
    pub async fn record_duty_to_inform(
        &self,
        actor: &Actor,
        now: Timestamp,
        request_id: &str,
        record: NewDutyToInform,
    ) -> Result<DutyToInformId> {
        authorize(actor, Action::Vet)?;
        let request_id = VettingRequestId::parse(request_id)?;
        let (request, _) =
            self.store.vetting_request(&request_id).await?.ok_or_else(|| not_found("vetting request", &request_id))?;
        let nominee_id = match record.nominee_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(text) => {
                let id = NomineeId::parse(text)?;
                if !request.nominees.iter().any(|n| n.id == id) {
                    return Err(not_found("nominee of this request", &id));
                }
                Some(id)
            }
            None => None,
        };
        let (_, recorded_by) = self.actor_name(actor).await?;
        let id = DutyToInformId::from_bits(crypto::token::random_bits());
        let record = DutyToInform {
            id: id.clone(),
            request_id,
            nominee_id,
            informed_on: record.informed_on,
            authority: record.authority.trim().to_owned(),
            note: record.note.trim().to_owned(),
            recorded_by,
            recorded_at: now,
        };
        record.validate()?;
        self.commit(actor, now, Action::Vet, Change::DutyToInformRecorded { record }).await?;
        Ok(id)
    }

    /// The screening index over the registry as it stands: the cached one while the registry's
    /// head has not moved, else rebuilt (on a blocking thread) and cached. Returns the index and
    /// the head it was built at.
    async fn screening_index(&self) -> Result<(Arc<screening::Index>, i64)> {
        let mut cache = self.screening.lock().await;
        let head = self.store.registry_head().await?;
        if let Some(cached) = cache.as_ref()
            && cached.head == head
        {
            return Ok((cached.index.clone(), head));
        }
        let registry = self.store.screening_registry().await?;
        let index = tokio::task::spawn_blocking(move || {
            let view = screening::Registry {
                persons: &registry.persons,
                units: &registry.units,
                postings: &registry.postings,
                assistance: &registry.assistance,
                attributions: &registry.attributions,
                incidents: &registry.incidents,
                sources: &registry.sources,
            };
            screening::Index::build(&view)
        })
        .await
        .map_err(|e| bad("screening", format!("building the index failed: {e}")))?;
        let index = Arc::new(index);
        tracing::info!(head, stats = ?index.stats(), "screening index built");
        *cache = Some(ScreeningCache { head, index: index.clone() });
        Ok((index, head))
    }

    /// Screens nominees against the registry without storing anything (the API's batch).
    pub async fn screen_nominees(
        &self,
        actor: &Actor,
        nominees: Vec<screening::NomineeQuery>,
    ) -> Result<Vec<screening::Hit>> {
        authorize(actor, Action::Vet)?;
        let (index, _) = self.screening_index().await?;
        tokio::task::spawn_blocking(move || index.screen(&nominees))
            .await
            .map_err(|e| bad("screening", format!("screening failed: {e}")))
    }

    /// Screens a request's nominees against the registry and stores the hits (one event, which
    /// replaces the request's earlier hits). Returns the number of hits.
    pub async fn screen_request(&self, actor: &Actor, now: Timestamp, id: &str) -> Result<usize> {
        authorize(actor, Action::Vet)?;
        let id = VettingRequestId::parse(id)?;
        let (request, _) = self.store.vetting_request(&id).await?.ok_or_else(|| not_found("vetting request", &id))?;
        let queries: Vec<screening::NomineeQuery> =
            request.nominees.iter().map(|n| screening::NomineeQuery::from_nominee(n, request.start)).collect();
        let (index, head) = self.screening_index().await?;
        let hits = tokio::task::spawn_blocking(move || index.screen(&queries))
            .await
            .map_err(|e| bad("screening", format!("screening failed: {e}")))?;
        let hits = hits.iter().map(hit_of).collect::<Result<Vec<_>>>()?;
        let n = hits.len();
        let screening = Screening { request_id: id, screened_at: now, registry_seq: head, hits };
        self.commit(actor, now, Action::Vet, Change::VettingScreened { screening }).await?;
        Ok(n)
    }
}

/// The cached screening index and the registry head it was built at.
pub(crate) struct ScreeningCache {
    head: i64,
    index: Arc<screening::Index>,
}

/// An engine hit as the event log keeps it. The engine's evidence and assistance serialise with
/// the same fields as the domain's, so they are carried over through JSON.
fn hit_of(hit: &screening::Hit) -> Result<ScreeningHit> {
    let carry = |what: &'static str, value: serde_json::Result<serde_json::Value>| {
        value.map_err(|e| bad("screening", format!("{what}: {e}")))
    };
    let evidence = carry("evidence", serde_json::to_value(&hit.evidence))?;
    let assistance = carry("assistance", serde_json::to_value(&hit.assistance))?;
    Ok(ScreeningHit {
        nominee_id: NomineeId::parse(&hit.nominee_id)?,
        entity: hit.entity.clone(),
        entity_name: hit.entity_name.clone(),
        score_ppm: (hit.score.clamp(0.0, 1.0) * 1_000_000.0).round() as u32,
        reason: hit.reason.as_str().to_owned(),
        explanation: hit.explanation.clone(),
        match_explanation: hit.match_explanation.clone(),
        evidence: serde_json::from_value(evidence).map_err(|e| bad("screening", format!("evidence: {e}")))?,
        assistance: serde_json::from_value(assistance).map_err(|e| bad("screening", format!("assistance: {e}")))?,
    })
}

/// Each nominee's latest decision, from decisions in the order they were taken.
fn latest_by_nominee(decisions: &[VettingDecision]) -> BTreeMap<NomineeId, &VettingDecision> {
    decisions.iter().map(|d| (d.nominee_id.clone(), d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(csv: &str, expect: expect_test::Expect) {
        let got = match parse_nominees("nominees.csv", csv.as_bytes()) {
            Ok(rows) => rows
                .iter()
                .map(|r| {
                    format!(
                        "{} {} {:?} {:?} {:?} {:?} {:?}",
                        r.kind,
                        r.name,
                        r.reference,
                        r.birth_date.map(|d| d.to_string()),
                        r.gender,
                        r.unit,
                        r.rank
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Err(error) => format!("error: {error}"),
        };
        expect.assert_eq(&got);
    }

    #[test]
    fn nominee_files_are_read_or_refused_naming_row_and_field() {
        check(
            "nominee_id,kind,name,birth_date,gender,unit,rank\n\
             n1,person,Nurlan Abenov,1985-03-02,m,KAZBAT,Captain\n\
             n2,unit,KAZBAT,,,,\n\
             ,,,,,,\n",
            expect_test::expect![[r#"
                person Nurlan Abenov Some("n1") Some("1985-03-02") Some(Male) Some("KAZBAT") Some("Captain")
                unit KAZBAT Some("n2") None None None None"#]],
        );
        check(
            "nominee_id,kind,name,birth_date,gender,unit,rank\n\
             n1,soldier,Nurlan Abenov,31.02.1985,x,KAZBAT,Captain\n\
             n1,person,,,,,\n",
            expect_test::expect![[
                r#"error: nominee file: nominees.csv, row 1, field kind: `soldier` is neither `person` nor `unit`; nominees.csv, row 1, field birth_date: `31.02.1985` is not a date (YYYY-MM-DD, DD.MM.YYYY, YYYY-MM or YYYY); nominees.csv, row 1, field gender: `x` is not m or f; nominees.csv, row 2, field name: empty; nominees.csv, row 2, field nominee_id: `n1` is given to an earlier row too"#
            ]],
        );
        check(
            "id,who\n1,x\n",
            expect_test::expect![[
                r#"error: nominee file: nominees.csv: the header must name the columns nominee_id,kind,name,birth_date,gender,unit,rank (kind and name at least); it has id,who"#
            ]],
        );
        check(
            "kind,name\n",
            expect_test::expect![[r#"error: nominee file: nominees.csv: no nominee under the header"#]],
        );
    }
}
