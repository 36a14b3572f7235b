//! Vetting in the state tables: requests and their nominees read back, the latest screening of a
//! request with its hits, decisions on nominees (all kept: the history) and duty-to-inform records.
//!
//! Applying `vetting-screened` replaces the request's hits whole; earlier screenings stay in the log.

use domain::date::Timestamp;
use domain::entity::*;
use domain::id::*;
use domain::vetting::*;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::read::{col, corrupt, date, fuzzy, opt_col, place_from, posting_from, source_from};
use crate::{Result, Store};

/// One line of the list of vetting requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow {
    pub id: VettingRequestId,
    pub activity: String,
    pub provider: String,
    pub programme: String,
    pub start: Option<jiff::civil::Date>,
    pub end: Option<jiff::civil::Date>,
    /// When the request was created (its event's time).
    pub created_at: Timestamp,
    pub n_nominees: i64,
    pub n_hits: Option<i64>,
}

/// Serialising a JSON column's value without naming its type at each call.
mod erased {
    pub(super) trait Json {
        fn json(&self) -> serde_json::Result<String>;
    }

    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> serde_json::Result<String> {
            serde_json::to_string(self)
        }
    }
}

fn subject_parts(subject: &Subject) -> (&'static str, &str) {
    match subject {
        Subject::Unit(id) => ("unit", id.as_str()),
        Subject::Person(id) => ("person", id.as_str()),
    }
}

fn subject_from(kind: &str, id: &str) -> std::result::Result<Subject, domain::Error> {
    match kind {
        "unit" => Ok(Subject::Unit(UnitId::parse(id)?)),
        "person" => Ok(Subject::Person(PersonId::parse(id)?)),
        other => Err(domain::Error::UnknownVariant { what: "subject kind", value: other.to_owned() }),
    }
}

pub(crate) async fn insert_screening(conn: &mut AnyConnection, seq: i64, screening: &Screening) -> Result<()> {
    let request = screening.request_id.as_str();
    sqlx::query("DELETE FROM screening_hits WHERE request_id = $1").bind(request).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM vetting_screenings WHERE request_id = $1").bind(request).execute(&mut *conn).await?;
    sqlx::query(
        "INSERT INTO vetting_screenings (request_id, screened_at, registry_seq, n_hits, event_seq) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(request)
    .bind(screening.screened_at.as_millis())
    .bind(screening.registry_seq)
    .bind(screening.hits.len() as i64)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    for (position, hit) in screening.hits.iter().enumerate() {
        let (kind, id) = subject_parts(&hit.entity);
        let json = |column: &'static str, value: &dyn erased::Json| {
            value.json().map_err(|e| corrupt("screening_hits", column, e))
        };
        sqlx::query(
            "INSERT INTO screening_hits (request_id, position, nominee_id, entity_kind, entity_id, entity_name, \
             score_ppm, reason, explanation, match_explanation, evidence, assistance, event_seq) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(request)
        .bind(position as i64)
        .bind(hit.nominee_id.as_str())
        .bind(kind)
        .bind(id)
        .bind(&hit.entity_name)
        .bind(i64::from(hit.score_ppm))
        .bind(&hit.reason)
        .bind(&hit.explanation)
        .bind(json("match_explanation", &hit.match_explanation)?)
        .bind(json("evidence", &hit.evidence)?)
        .bind(json("assistance", &hit.assistance)?)
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub(crate) async fn insert_decision(conn: &mut AnyConnection, seq: i64, decision: &VettingDecision) -> Result<()> {
    sqlx::query(
        "INSERT INTO vetting_decisions (id, request_id, nominee_id, verdict, reason, rationale, reviewer_id, \
         reviewer_name, decided_at, event_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(decision.id.as_str())
    .bind(decision.request_id.as_str())
    .bind(decision.nominee_id.as_str())
    .bind(decision.verdict.as_str())
    .bind(decision.reason.map(|r| r.as_str()))
    .bind(&decision.rationale)
    .bind(decision.reviewer_id.as_ref().map(|id| id.as_str()))
    .bind(&decision.reviewer_name)
    .bind(decision.decided_at.as_millis())
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn insert_duty_to_inform(conn: &mut AnyConnection, seq: i64, record: &DutyToInform) -> Result<()> {
    sqlx::query(
        "INSERT INTO duty_to_inform (id, request_id, nominee_id, informed_on, authority, note, recorded_by, \
         recorded_at, event_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(record.id.as_str())
    .bind(record.request_id.as_str())
    .bind(record.nominee_id.as_ref().map(|id| id.as_str()))
    .bind(record.informed_on.to_string())
    .bind(&record.authority)
    .bind(&record.note)
    .bind(&record.recorded_by)
    .bind(record.recorded_at.as_millis())
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn nominee_from(row: &AnyRow) -> Result<Nominee> {
    Ok(Nominee {
        id: col!(row, "nominees", "id", NomineeId::parse),
        kind: col!(row, "nominees", "kind", NomineeKind::parse),
        name: col!(row, "nominees", "name"),
        birth_date: opt_col!(row, "nominees", "birth_date", fuzzy),
        gender: opt_col!(row, "nominees", "gender", Gender::parse),
        unit: opt_col!(row, "nominees", "unit"),
        rank: opt_col!(row, "nominees", "rank"),
    })
}

fn decision_from(row: &AnyRow) -> Result<VettingDecision> {
    Ok(VettingDecision {
        id: col!(row, "vetting_decisions", "id", VettingDecisionId::parse),
        request_id: col!(row, "vetting_decisions", "request_id", VettingRequestId::parse),
        nominee_id: col!(row, "vetting_decisions", "nominee_id", NomineeId::parse),
        verdict: col!(row, "vetting_decisions", "verdict", Verdict::parse),
        reason: opt_col!(row, "vetting_decisions", "reason", ReasonCode::parse),
        rationale: col!(row, "vetting_decisions", "rationale"),
        reviewer_id: opt_col!(row, "vetting_decisions", "reviewer_id", UserId::parse),
        reviewer_name: col!(row, "vetting_decisions", "reviewer_name"),
        decided_at: Timestamp::from_millis(row.try_get("decided_at")?),
    })
}

fn duty_from(row: &AnyRow) -> Result<DutyToInform> {
    Ok(DutyToInform {
        id: col!(row, "duty_to_inform", "id", DutyToInformId::parse),
        request_id: col!(row, "duty_to_inform", "request_id", VettingRequestId::parse),
        nominee_id: opt_col!(row, "duty_to_inform", "nominee_id", NomineeId::parse),
        informed_on: col!(row, "duty_to_inform", "informed_on", date),
        authority: col!(row, "duty_to_inform", "authority"),
        note: col!(row, "duty_to_inform", "note"),
        recorded_by: col!(row, "duty_to_inform", "recorded_by"),
        recorded_at: Timestamp::from_millis(row.try_get("recorded_at")?),
    })
}

fn hit_from(row: &AnyRow) -> Result<ScreeningHit> {
    let kind: String = row.try_get("entity_kind")?;
    let id: String = row.try_get("entity_id")?;
    let score: i64 = row.try_get("score_ppm")?;
    fn json<T: serde::de::DeserializeOwned>(row: &AnyRow, column: &'static str) -> Result<T> {
        let text: String = row.try_get(column)?;
        serde_json::from_str(&text).map_err(|e| corrupt("screening_hits", column, e))
    }
    Ok(ScreeningHit {
        nominee_id: col!(row, "screening_hits", "nominee_id", NomineeId::parse),
        entity: subject_from(&kind, &id).map_err(|e| corrupt("screening_hits", "entity_id", e))?,
        entity_name: col!(row, "screening_hits", "entity_name"),
        score_ppm: u32::try_from(score).map_err(|e| corrupt("screening_hits", "score_ppm", e))?,
        reason: col!(row, "screening_hits", "reason"),
        explanation: col!(row, "screening_hits", "explanation"),
        match_explanation: json(row, "match_explanation")?,
        evidence: json(row, "evidence")?,
        assistance: json(row, "assistance")?,
    })
}

impl Store {
    /// Vetting requests, newest first, at most `limit`, created before the request `before` (keyset
    /// on the creating event's sequence number).
    pub async fn vetting_requests(&self, before_seq: Option<i64>, limit: i64) -> Result<Vec<(i64, RequestRow)>> {
        let rows = sqlx::query(
            "SELECT r.id, r.activity, r.provider, r.programme, r.start_date, r.end_date, r.event_seq, \
             e.occurred_at, (SELECT COUNT(*) FROM nominees n WHERE n.request_id = r.id) AS n_nominees, \
             s.n_hits FROM vetting_requests r JOIN events e ON e.seq = r.event_seq \
             LEFT JOIN vetting_screenings s ON s.request_id = r.id \
             WHERE r.event_seq < $1 ORDER BY r.event_seq DESC LIMIT $2",
        )
        .bind(before_seq.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let seq: i64 = row.try_get("event_seq")?;
                Ok((
                    seq,
                    RequestRow {
                        id: col!(row, "vetting_requests", "id", VettingRequestId::parse),
                        activity: col!(row, "vetting_requests", "activity"),
                        provider: col!(row, "vetting_requests", "provider"),
                        programme: col!(row, "vetting_requests", "programme"),
                        start: opt_col!(row, "vetting_requests", "start_date", date),
                        end: opt_col!(row, "vetting_requests", "end_date", date),
                        created_at: Timestamp::from_millis(row.try_get("occurred_at")?),
                        n_nominees: row.try_get("n_nominees")?,
                        n_hits: row.try_get("n_hits")?,
                    },
                ))
            })
            .collect()
    }

    /// A vetting request with its nominees in the order given, and when it was created.
    pub async fn vetting_request(&self, id: &VettingRequestId) -> Result<Option<(VettingRequest, Timestamp)>> {
        let Some(row) = sqlx::query(
            "SELECT r.id, r.activity, r.provider, r.programme, r.start_date, r.end_date, e.occurred_at \
             FROM vetting_requests r JOIN events e ON e.seq = r.event_seq WHERE r.id = $1",
        )
        .bind(id.as_str())
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let nominees = sqlx::query(
            "SELECT id, kind, name, birth_date, gender, unit, rank FROM nominees WHERE request_id = $1 ORDER BY position",
        )
        .bind(id.as_str())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(nominee_from)
        .collect::<Result<_>>()?;
        let request = VettingRequest {
            id: col!(row, "vetting_requests", "id", VettingRequestId::parse),
            activity: col!(row, "vetting_requests", "activity"),
            provider: col!(row, "vetting_requests", "provider"),
            programme: col!(row, "vetting_requests", "programme"),
            start: opt_col!(row, "vetting_requests", "start_date", date),
            end: opt_col!(row, "vetting_requests", "end_date", date),
            nominees,
        };
        Ok(Some((request, Timestamp::from_millis(row.try_get("occurred_at")?))))
    }

    /// The request's latest screening and its hits in the engine's order, if it was screened.
    pub async fn screening(&self, id: &VettingRequestId) -> Result<Option<Screening>> {
        let Some(row) = sqlx::query("SELECT screened_at, registry_seq FROM vetting_screenings WHERE request_id = $1")
            .bind(id.as_str())
            .fetch_optional(self.pool())
            .await?
        else {
            return Ok(None);
        };
        let hits = sqlx::query(
            "SELECT nominee_id, entity_kind, entity_id, entity_name, score_ppm, reason, explanation, match_explanation, \
             evidence, assistance FROM screening_hits \
             WHERE request_id = $1 ORDER BY position",
        )
        .bind(id.as_str())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(hit_from)
        .collect::<Result<_>>()?;
        Ok(Some(Screening {
            request_id: id.clone(),
            screened_at: Timestamp::from_millis(row.try_get("screened_at")?),
            registry_seq: row.try_get("registry_seq")?,
            hits,
        }))
    }

    /// Every decision on the request's nominees, oldest first (a nominee's last one stands).
    pub async fn vetting_decisions(&self, id: &VettingRequestId) -> Result<Vec<VettingDecision>> {
        sqlx::query(
            "SELECT id, request_id, nominee_id, verdict, reason, rationale, reviewer_id, reviewer_name, decided_at \
             FROM vetting_decisions WHERE request_id = $1 ORDER BY decided_at, event_seq",
        )
        .bind(id.as_str())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(decision_from)
        .collect()
    }

    /// The request's duty-to-inform records, oldest first.
    pub async fn duty_to_inform(&self, id: &VettingRequestId) -> Result<Vec<DutyToInform>> {
        sqlx::query(
            "SELECT id, request_id, nominee_id, informed_on, authority, note, recorded_by, recorded_at \
             FROM duty_to_inform WHERE request_id = $1 ORDER BY recorded_at, event_seq",
        )
        .bind(id.as_str())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(duty_from)
        .collect()
    }

    /// The last event that changed what screening reads (persons, units, postings, deployments,
    /// assistance, incidents, attributions), or 0: the screening index is rebuilt when it moves.
    /// Each kind is one lookup in the `events_kind` index, so this is cheap on any log.
    pub async fn registry_head(&self) -> Result<i64> {
        let mut head = 0;
        for kind in REGISTRY_KINDS {
            let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM events WHERE kind = $1")
                .bind(*kind)
                .fetch_one(self.pool())
                .await?;
            head = head.max(seq.unwrap_or(0));
        }
        Ok(head)
    }
}

/// The whole security-force registry as the screening engine reads it, owned.
#[derive(Debug, Clone, Default)]
pub struct ScreeningRegistry {
    pub persons: Vec<Person>,
    pub units: Vec<Unit>,
    pub postings: Vec<Posting>,
    pub assistance: Vec<Assistance>,
    pub attributions: Vec<Attribution>,
    /// Incidents without their violations (the engine reads title, date and place only).
    pub incidents: Vec<Incident>,
    pub sources: Vec<Source>,
}

fn subject_of(row: &AnyRow, table: &'static str, kind: &'static str, id: &'static str) -> Result<Subject> {
    let kind_text: String = row.try_get(kind)?;
    let id_text: String = row.try_get(id)?;
    subject_from(&kind_text, &id_text).map_err(|e| corrupt(table, id, e))
}

/// Groups rows `(owner id, item)` read in owner order into a map from owner to items.
fn grouped<T>(items: Vec<(String, T)>) -> std::collections::HashMap<String, Vec<T>> {
    let mut map: std::collections::HashMap<String, Vec<T>> = std::collections::HashMap::new();
    for (owner, item) in items {
        map.entry(owner).or_default().push(item);
    }
    map
}

/// The sources of every row of a link table (`unit_sources`, `attribution_sources`,
/// `incident_sources`), grouped by the owning row's id. `table` and `owner` are the code's own
/// constants, never input.
async fn sources_by_owner(
    pool: &sqlx::AnyPool,
    table: &'static str,
    owner: &'static str,
) -> Result<std::collections::HashMap<String, Vec<SourceId>>> {
    let sql = format!("SELECT {owner}, source_id FROM {table} ORDER BY {owner}, source_id");
    let rows = sqlx::query(&sql)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| {
            let text: String = row.try_get("source_id")?;
            let source = SourceId::parse(&text).map_err(|e| corrupt(table, "source_id", e))?;
            Ok((row.try_get::<String, _>(owner)?, source))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(grouped(rows))
}

impl Store {
    /// Reads every person, unit, posting, assistance, attribution, incident and source in one
    /// pass per table (a few queries, not one per row), for building the screening index.
    pub async fn screening_registry(&self) -> Result<ScreeningRegistry> {
        let pool = self.pool();
        let names =
            sqlx::query("SELECT person_id, text, script, scheme FROM person_names ORDER BY person_id, position")
                .fetch_all(pool)
                .await?
                .iter()
                .map(|row| {
                    let name = PersonName {
                        text: col!(row, "person_names", "text"),
                        script: col!(row, "person_names", "script", Script::parse),
                        scheme: opt_col!(row, "person_names", "scheme"),
                    };
                    Ok((row.try_get::<String, _>("person_id")?, name))
                })
                .collect::<Result<Vec<_>>>()?;
        let mut names = grouped(names);
        let persons = sqlx::query("SELECT id, gender, birth_date, death_date FROM persons ORDER BY id")
            .fetch_all(pool)
            .await?
            .iter()
            .map(|row| {
                let id: String = row.try_get("id")?;
                Ok(Person {
                    names: names.remove(&id).unwrap_or_default(),
                    id: PersonId::parse(&id).map_err(|e| corrupt("persons", "id", e))?,
                    gender: opt_col!(row, "persons", "gender", Gender::parse),
                    birth_date: opt_col!(row, "persons", "birth_date", fuzzy),
                    death_date: opt_col!(row, "persons", "death_date", fuzzy),
                    // Notes are confidential and the engine does not read them.
                    notes: String::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let unit_names = sqlx::query(
            "SELECT unit_id, name, language, valid_from, valid_to FROM unit_names ORDER BY unit_id, position",
        )
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| {
            let name = UnitName {
                name: col!(row, "unit_names", "name"),
                language: col!(row, "unit_names", "language"),
                valid_from: opt_col!(row, "unit_names", "valid_from", date),
                valid_to: opt_col!(row, "unit_names", "valid_to", date),
            };
            Ok((row.try_get::<String, _>("unit_id")?, name))
        })
        .collect::<Result<Vec<_>>>()?;
        let mut unit_names = grouped(unit_names);
        let parents =
            sqlx::query("SELECT unit_id, parent_id, valid_from, valid_to FROM unit_parents ORDER BY unit_id, position")
                .fetch_all(pool)
                .await?
                .iter()
                .map(|row| {
                    let parent = UnitParent {
                        parent_id: col!(row, "unit_parents", "parent_id", UnitId::parse),
                        valid_from: opt_col!(row, "unit_parents", "valid_from", date),
                        valid_to: opt_col!(row, "unit_parents", "valid_to", date),
                    };
                    Ok((row.try_get::<String, _>("unit_id")?, parent))
                })
                .collect::<Result<Vec<_>>>()?;
        let mut parents = grouped(parents);
        let mut unit_sources = sources_by_owner(pool, "unit_sources", "unit_id").await?;
        let units = sqlx::query("SELECT id, kind, base FROM units ORDER BY id")
            .fetch_all(pool)
            .await?
            .iter()
            .map(|row| {
                let id: String = row.try_get("id")?;
                Ok(Unit {
                    names: unit_names.remove(&id).unwrap_or_default(),
                    parents: parents.remove(&id).unwrap_or_default(),
                    source_ids: unit_sources.remove(&id).unwrap_or_default(),
                    id: UnitId::parse(&id).map_err(|e| corrupt("units", "id", e))?,
                    kind: col!(row, "units", "kind", UnitKind::parse),
                    base: opt_col!(row, "units", "base"),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let postings = sqlx::query("SELECT * FROM postings ORDER BY id")
            .fetch_all(pool)
            .await?
            .iter()
            .map(posting_from)
            .collect::<Result<Vec<_>>>()?;
        let assistance = sqlx::query("SELECT * FROM assistance ORDER BY id")
            .fetch_all(pool)
            .await?
            .iter()
            .map(|row| {
                Ok(Assistance {
                    id: col!(row, "assistance", "id", AssistanceId::parse),
                    recipient: subject_of(row, "assistance", "recipient_kind", "recipient_id")?,
                    kind: col!(row, "assistance", "kind", AssistanceKind::parse),
                    provider: col!(row, "assistance", "provider"),
                    programme: col!(row, "assistance", "programme"),
                    start: opt_col!(row, "assistance", "start_date", date),
                    end: opt_col!(row, "assistance", "end_date", date),
                    source_id: col!(row, "assistance", "source_id", SourceId::parse),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut attribution_sources = sources_by_owner(pool, "attribution_sources", "attribution_id").await?;
        let attributions = sqlx::query("SELECT * FROM attributions ORDER BY id")
            .fetch_all(pool)
            .await?
            .iter()
            .map(|row| {
                let id: String = row.try_get("id")?;
                Ok(Attribution {
                    source_ids: attribution_sources.remove(&id).unwrap_or_default(),
                    id: AttributionId::parse(&id).map_err(|e| corrupt("attributions", "id", e))?,
                    incident_id: col!(row, "attributions", "incident_id", IncidentId::parse),
                    subject: subject_of(row, "attributions", "subject_kind", "subject_id")?,
                    role: col!(row, "attributions", "role"),
                    confidence: col!(row, "attributions", "confidence", Confidence::parse),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut incident_sources = sources_by_owner(pool, "incident_sources", "incident_id").await?;
        let incidents = sqlx::query("SELECT * FROM incidents ORDER BY id")
            .fetch_all(pool)
            .await?
            .iter()
            .map(|row| {
                let id: String = row.try_get("id")?;
                Ok(Incident {
                    source_ids: incident_sources.remove(&id).unwrap_or_default(),
                    id: IncidentId::parse(&id).map_err(|e| corrupt("incidents", "id", e))?,
                    title: col!(row, "incidents", "title"),
                    date: col!(row, "incidents", "date_text", fuzzy),
                    place: place_from(row, "incidents")?,
                    description: String::new(),
                    violations: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let sources = sqlx::query("SELECT * FROM sources ORDER BY id")
            .fetch_all(pool)
            .await?
            .iter()
            .map(source_from)
            .collect::<Result<Vec<_>>>()?;
        Ok(ScreeningRegistry { persons, units, postings, assistance, attributions, incidents, sources })
    }
}

/// The kinds of change that alter what the screening engine reads from the registry.
pub const REGISTRY_KINDS: &[&str] = &[
    "persons-added",
    "registry-relinked",
    "pair-decided",
    "pair-decision-undone",
    "units-added",
    "postings-added",
    "deployments-added",
    "assistance-added",
    "incidents-recorded",
    "attributions-added",
];

/// A unit deployed at a place on a day, with the deployment's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployedUnit {
    pub deployment: Deployment,
    pub unit_name: String,
}

impl Store {
    /// Deployments at a place (its name as at the event, case-folded) that cover `on`.
    pub async fn deployments_at(&self, place: &str, on: jiff::civil::Date) -> Result<Vec<DeployedUnit>> {
        let on = on.to_string();
        let rows = sqlx::query(
            "SELECT d.*, u.display_name AS unit_name FROM deployments d JOIN units u ON u.id = d.unit_id \
             WHERE LOWER(d.place_name) = LOWER($1) AND d.start_date <= $2 AND (d.end_date IS NULL OR d.end_date >= $2) \
             ORDER BY u.sort_key, d.id",
        )
        .bind(place.trim())
        .bind(&on)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(DeployedUnit {
                    deployment: Deployment {
                        id: col!(row, "deployments", "id", DeploymentId::parse),
                        unit_id: col!(row, "deployments", "unit_id", UnitId::parse),
                        place: place_from(row, "deployments")?,
                        start: col!(row, "deployments", "start_date", date),
                        end: opt_col!(row, "deployments", "end_date", date),
                        source_id: col!(row, "deployments", "source_id", SourceId::parse),
                    },
                    unit_name: row.try_get("unit_name")?,
                })
            })
            .collect()
    }

    /// Postings to a unit whose dates cover `on` (an open start or end counts as covering).
    pub async fn postings_on(&self, unit: &UnitId, on: jiff::civil::Date) -> Result<Vec<crate::read::PostingView>> {
        let on = on.to_string();
        let rows = sqlx::query(
            "SELECT p.*, u.display_name AS unit_name, per.display_name AS person_name FROM postings p \
             JOIN units u ON u.id = p.unit_id JOIN persons per ON per.id = p.person_id \
             WHERE p.unit_id = $1 AND (p.start_date IS NULL OR p.start_date <= $2) \
             AND (p.end_date IS NULL OR p.end_date >= $2) ORDER BY p.start_date, p.id",
        )
        .bind(unit.as_str())
        .bind(&on)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(crate::read::PostingView {
                    posting: posting_from(row)?,
                    unit_name: row.try_get("unit_name")?,
                    person_name: row.try_get("person_name")?,
                })
            })
            .collect()
    }

    /// Attributions that name a unit or person, with their incidents' titles and dates.
    pub async fn attributions_of_subject(&self, subject: &Subject) -> Result<Vec<(Attribution, String, String)>> {
        let (kind, id) = subject_parts(subject);
        let rows = sqlx::query(
            "SELECT a.*, i.title AS incident_title, i.date_text AS incident_date FROM attributions a \
             JOIN incidents i ON i.id = a.incident_id WHERE a.subject_kind = $1 AND a.subject_id = $2 \
             ORDER BY i.date_earliest, a.id",
        )
        .bind(kind)
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let attribution_id = col!(row, "attributions", "id", AttributionId::parse);
            let source_ids: Vec<SourceId> =
                sqlx::query("SELECT source_id FROM attribution_sources WHERE attribution_id = $1 ORDER BY source_id")
                    .bind(attribution_id.as_str())
                    .fetch_all(self.pool())
                    .await?
                    .iter()
                    .map(|s| Ok(col!(s, "attribution_sources", "source_id", SourceId::parse)))
                    .collect::<Result<_>>()?;
            out.push((
                Attribution {
                    id: attribution_id,
                    incident_id: col!(row, "attributions", "incident_id", IncidentId::parse),
                    subject: subject.clone(),
                    role: col!(row, "attributions", "role"),
                    confidence: col!(row, "attributions", "confidence", Confidence::parse),
                    source_ids,
                },
                row.try_get("incident_title")?,
                row.try_get("incident_date")?,
            ));
        }
        Ok(out)
    }
}
