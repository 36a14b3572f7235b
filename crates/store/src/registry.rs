//! Reads of the victim registry: imports and mappings, records with their persons, link runs and
//! candidate pairs, the review queue, registry persons and their filters, decisions, and list
//! membership for capture histories.

use domain::date::Timestamp;
use domain::entity::*;
use domain::id::*;
use domain::registry::*;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::read::{col, corrupt, fuzzy, opt_col, record_from};
use crate::{Result, Store};

/// A line of the list of imports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub id: ImportId,
    pub source_id: SourceId,
    pub file_name: String,
    pub sha256: String,
    pub size_bytes: u64,
    pub format: ImportFormat,
    pub n_records: u32,
    pub n_problems: u32,
    pub imported_at: Timestamp,
}

/// A record and the registry person it is attached to, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedRecord {
    pub record: Record,
    pub person_id: Option<PersonId>,
}

/// A scored pair without its explanation: enough to cluster on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairEdge {
    pub record_a: RecordId,
    pub record_b: RecordId,
    pub weight: Millibits,
}

/// A stored candidate pair with the run that scored it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPair {
    pub run_id: LinkRunId,
    pub pair: CandidatePair,
}

/// The name a record gives, as its parsed fields hold it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordName {
    pub full_name: Option<String>,
    pub surname: Option<String>,
    pub given_name: Option<String>,
    pub patronymic: Option<String>,
}

impl RecordName {
    /// The full name, or the parts joined.
    pub fn text(&self) -> String {
        match &self.full_name {
            Some(full) if !full.trim().is_empty() => full.clone(),
            _ => [&self.surname, &self.given_name, &self.patronymic]
                .into_iter()
                .flatten()
                .filter(|part| !part.trim().is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// One side of a pair as the review queue shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueSide {
    pub record_id: RecordId,
    pub source_id: SourceId,
    pub name: RecordName,
    pub person_id: Option<PersonId>,
    /// Records of the person (1 when the record has no person).
    pub n_records: u32,
}

/// An uncertain pair waiting for a decision, with its priority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueItem {
    pub a: QueueSide,
    pub b: QueueSide,
    pub weight: Millibits,
    pub probability_ppm: u32,
    /// How much a decision is expected to change the registry: the probability (ppm) that it
    /// reverses how the pair stands now (the match probability when the records are apart, its
    /// complement when they are together) × the links it would change (the two persons' sizes
    /// multiplied when apart, the person's size less one when together).
    pub priority: i64,
}

impl QueueItem {
    pub fn same_person(&self) -> bool {
        self.a.person_id.is_some() && self.a.person_id == self.b.person_id
    }
}

/// A line of the registry list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryRow {
    pub person_id: PersonId,
    pub display_name: String,
    pub gender: Option<Gender>,
    pub n_records: u32,
    pub n_sources: u32,
    pub place: Option<String>,
    pub death_date: Option<domain::date::FuzzyDate>,
    pub age: Option<u8>,
}

/// What the registry list is narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistryFilter {
    pub place_key: Option<String>,
    /// Died on or after (inclusive).
    pub died_from: Option<jiff::civil::Date>,
    /// Died on or before (inclusive).
    pub died_to: Option<jiff::civil::Date>,
    pub age_min: Option<u8>,
    pub age_max: Option<u8>,
}

/// A place of the registry with how many persons died there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceCount {
    pub place_key: String,
    pub label: String,
    pub n_persons: u32,
}

/// A decision as stored, with whether and when it was undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRow {
    pub decision: PairDecision,
    pub undone_at: Option<Timestamp>,
    pub undone_by: Option<String>,
    /// The event that last wrote the decision (the decision itself until it is undone).
    pub event_seq: i64,
}

/// A source that holds records, for choosing what to link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSource {
    pub id: SourceId,
    pub title: String,
    pub kind: SourceKind,
    pub n_records: u32,
}

/// A registry person's strata for capture histories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonStrata {
    pub person_id: PersonId,
    pub place: Option<String>,
    pub place_key: Option<String>,
    pub death_earliest: Option<jiff::civil::Date>,
}

fn u32_col(row: &AnyRow, column: &str) -> Result<u32> {
    Ok(row.try_get::<i64, _>(column)?.clamp(0, i64::from(u32::MAX)) as u32)
}

fn date(text: &str) -> std::result::Result<jiff::civil::Date, domain::Error> {
    domain::date::parse_date(text)
}

fn import_summary_from(row: &AnyRow) -> Result<ImportSummary> {
    Ok(ImportSummary {
        id: col!(row, "imports", "id", ImportId::parse),
        source_id: col!(row, "imports", "source_id", SourceId::parse),
        file_name: col!(row, "imports", "file_name"),
        sha256: col!(row, "imports", "sha256"),
        size_bytes: row.try_get::<i64, _>("size_bytes")?.max(0) as u64,
        format: col!(row, "imports", "format", ImportFormat::parse),
        n_records: u32_col(row, "n_records")?,
        n_problems: u32_col(row, "n_problems")?,
        imported_at: Timestamp::from_millis(row.try_get("imported_at")?),
    })
}

fn json<T: serde::de::DeserializeOwned>(table: &'static str, column: &'static str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| corrupt(table, column, e))
}

fn pair_from(row: &AnyRow) -> Result<StoredPair> {
    let steps: String = row.try_get("steps")?;
    Ok(StoredPair {
        run_id: col!(row, "candidate_pairs", "run_id", LinkRunId::parse),
        pair: CandidatePair {
            record_a: col!(row, "candidate_pairs", "record_a", RecordId::parse),
            record_b: col!(row, "candidate_pairs", "record_b", RecordId::parse),
            weight: Millibits(row.try_get("weight_millibits")?),
            probability_ppm: u32_col(row, "probability_ppm")?,
            prior: Millibits(row.try_get("prior_millibits")?),
            steps: json("candidate_pairs", "steps", &steps)?,
        },
    })
}

fn decision_from(row: &AnyRow) -> Result<DecisionRow> {
    let effect: String = row.try_get("effect")?;
    Ok(DecisionRow {
        decision: PairDecision {
            id: col!(row, "pair_decisions", "id", DecisionId::parse),
            record_a: col!(row, "pair_decisions", "record_a", RecordId::parse),
            record_b: col!(row, "pair_decisions", "record_b", RecordId::parse),
            verdict: col!(row, "pair_decisions", "verdict", Verdict::parse),
            note: col!(row, "pair_decisions", "note"),
            decided_at: Timestamp::from_millis(row.try_get("decided_at")?),
            decided_by: col!(row, "pair_decisions", "decided_by"),
            effect: json("pair_decisions", "effect", &effect)?,
        },
        undone_at: row.try_get::<Option<i64>, _>("undone_at")?.map(Timestamp::from_millis),
        undone_by: opt_col!(row, "pair_decisions", "undone_by"),
        event_seq: row.try_get("event_seq")?,
    })
}

fn linked_from(row: &AnyRow) -> Result<LinkedRecord> {
    Ok(LinkedRecord { record: record_from(row)?, person_id: opt_col!(row, "records", "person_id", PersonId::parse) })
}

fn side(row: &AnyRow, suffix: &str) -> Result<QueueSide> {
    let get = |column: &str| row.try_get::<Option<String>, _>(format!("{column}_{suffix}").as_str());
    let text = |column: &str| -> Result<String> { Ok(get(column)?.unwrap_or_default()) };
    let bad = |column: &'static str, e: domain::Error| corrupt("records", column, e);
    Ok(QueueSide {
        record_id: RecordId::parse(&text("record")?).map_err(|e| bad("id", e))?,
        source_id: SourceId::parse(&text("source")?).map_err(|e| bad("source_id", e))?,
        name: RecordName {
            full_name: get("full")?,
            surname: get("sur")?,
            given_name: get("giv")?,
            patronymic: get("pat")?,
        },
        person_id: get("person")?.map(|p| PersonId::parse(&p)).transpose().map_err(|e| bad("person_id", e))?,
        n_records: row.try_get::<i64, _>(format!("n_{suffix}").as_str())?.clamp(1, i64::from(u32::MAX)) as u32,
    })
}

/// `$first, $first+1, …` for an IN list of `n` values.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

const QUEUE_FROM: &str = "FROM candidate_pairs cp \
    JOIN records ra ON ra.id = cp.record_a JOIN records rb ON rb.id = cp.record_b \
    LEFT JOIN registry_persons pa ON pa.person_id = ra.person_id \
    LEFT JOIN registry_persons pb ON pb.person_id = rb.person_id \
    WHERE cp.run_id = $1 AND cp.probability_ppm >= $2 AND cp.probability_ppm <= $3 \
    AND NOT EXISTS (SELECT 1 FROM pair_decisions d WHERE d.record_a = cp.record_a AND d.record_b = cp.record_b \
    AND d.undone_at IS NULL)";

impl Store {
    pub async fn import_by_sha256(&self, sha256: &str) -> Result<Option<ImportSummary>> {
        let row =
            sqlx::query("SELECT * FROM imports WHERE sha256 = $1").bind(sha256).fetch_optional(&self.pool).await?;
        row.as_ref().map(import_summary_from).transpose()
    }

    pub async fn imports_of_source(&self, source_id: &SourceId) -> Result<Vec<ImportSummary>> {
        let rows = sqlx::query("SELECT * FROM imports WHERE source_id = $1 ORDER BY imported_at, id")
            .bind(source_id.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(import_summary_from).collect()
    }

    pub async fn import(&self, id: &ImportId) -> Result<Option<Import>> {
        let Some(row) =
            sqlx::query("SELECT * FROM imports WHERE id = $1").bind(id.as_str()).fetch_optional(&self.pool).await?
        else {
            return Ok(None);
        };
        let summary = import_summary_from(&row)?;
        let mapping: String = row.try_get("mapping")?;
        let problems = sqlx::query("SELECT * FROM import_problems WHERE import_id = $1 ORDER BY position")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|p| {
                Ok(ImportProblem {
                    row: u32_col(p, "row_number")?,
                    column: col!(p, "import_problems", "column_name"),
                    value: col!(p, "import_problems", "value"),
                    kind: col!(p, "import_problems", "kind", ProblemKind::parse),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(Import {
            id: summary.id,
            source_id: summary.source_id,
            file_name: summary.file_name,
            sha256: summary.sha256,
            size_bytes: summary.size_bytes,
            format: summary.format,
            sheet: opt_col!(row, "imports", "sheet"),
            n_records: summary.n_records,
            mapping: json("imports", "mapping", &mapping)?,
            problems,
            imported_at: summary.imported_at,
        }))
    }

    /// The saved column mapping of a source, if one was ever set.
    pub async fn column_mapping(&self, source_id: &SourceId) -> Result<Option<ColumnMapping>> {
        let rows = sqlx::query("SELECT field, column_name FROM column_mappings WHERE source_id = $1")
            .bind(source_id.as_str())
            .fetch_all(&self.pool)
            .await?;
        if rows.is_empty() {
            return Ok(None);
        }
        let pairs = rows
            .iter()
            .map(|row| {
                Ok((
                    col!(row, "column_mappings", "field", VictimField::parse),
                    col!(row, "column_mappings", "column_name"),
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(ColumnMapping::from_pairs(pairs)))
    }

    /// Sources that hold records, in title order.
    pub async fn list_sources(&self) -> Result<Vec<ListSource>> {
        let rows = sqlx::query(
            "SELECT s.id, s.title, s.kind, COUNT(r.id) AS n FROM sources s JOIN records r ON r.source_id = s.id \
             GROUP BY s.id, s.title, s.kind, s.sort_key ORDER BY s.sort_key, s.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ListSource {
                    id: col!(row, "sources", "id", SourceId::parse),
                    title: col!(row, "sources", "title"),
                    kind: col!(row, "sources", "kind", SourceKind::parse),
                    n_records: u32_col(row, "n")?,
                })
            })
            .collect()
    }

    /// Every record of a source in row order, with its person.
    pub async fn linked_records_of_source(&self, source_id: &SourceId) -> Result<Vec<LinkedRecord>> {
        let rows = sqlx::query("SELECT * FROM records WHERE source_id = $1 ORDER BY row_number, id")
            .bind(source_id.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(linked_from).collect()
    }

    /// Records attached to a person whose source is not one of `source_ids`.
    pub async fn linked_records_outside(&self, source_ids: &[SourceId]) -> Result<Vec<LinkedRecord>> {
        let sql = if source_ids.is_empty() {
            "SELECT * FROM records WHERE person_id IS NOT NULL ORDER BY id".to_owned()
        } else {
            format!(
                "SELECT * FROM records WHERE person_id IS NOT NULL AND source_id NOT IN ({}) ORDER BY id",
                placeholders(1, source_ids.len())
            )
        };
        let mut query = sqlx::query(&sql);
        for id in source_ids {
            query = query.bind(id.as_str());
        }
        query.fetch_all(&self.pool).await?.iter().map(linked_from).collect()
    }

    pub async fn linked_record(&self, id: &RecordId) -> Result<Option<LinkedRecord>> {
        let row =
            sqlx::query("SELECT * FROM records WHERE id = $1").bind(id.as_str()).fetch_optional(&self.pool).await?;
        row.as_ref().map(linked_from).transpose()
    }

    pub async fn latest_link_run(&self) -> Result<Option<LinkRun>> {
        let id: Option<String> = sqlx::query_scalar("SELECT id FROM link_runs ORDER BY event_seq DESC LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        match id {
            Some(id) => self.link_run(&LinkRunId::parse(&id).map_err(|e| corrupt("link_runs", "id", e))?).await,
            None => Ok(None),
        }
    }

    pub async fn link_run(&self, id: &LinkRunId) -> Result<Option<LinkRun>> {
        let Some(row) =
            sqlx::query("SELECT * FROM link_runs WHERE id = $1").bind(id.as_str()).fetch_optional(&self.pool).await?
        else {
            return Ok(None);
        };
        let source_ids = sqlx::query("SELECT source_id FROM link_run_sources WHERE run_id = $1 ORDER BY position")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok(col!(r, "link_run_sources", "source_id", SourceId::parse)))
            .collect::<Result<Vec<_>>>()?;
        let warnings: String = row.try_get("warnings")?;
        Ok(Some(LinkRun {
            id: id.clone(),
            source_ids,
            ran_at: Timestamp::from_millis(row.try_get("ran_at")?),
            n_records: u32_col(&row, "n_records")?,
            n_candidates: row.try_get::<i64, _>("n_candidates")?.max(0) as u64,
            n_pairs_kept: u32_col(&row, "n_pairs_kept")?,
            n_persons: u32_col(&row, "n_persons")?,
            threshold_ppm: u32_col(&row, "threshold_ppm")?,
            prior: Millibits(row.try_get("prior_millibits")?),
            em_iterations: u32_col(&row, "em_iterations")?,
            em_converged: row.try_get::<i64, _>("em_converged")? != 0,
            n_conflicts: u32_col(&row, "n_conflicts")?,
            warnings: json("link_runs", "warnings", &warnings)?,
        }))
    }

    /// The pair as the most recent run that scored it did.
    pub async fn latest_pair(&self, a: &RecordId, b: &RecordId) -> Result<Option<StoredPair>> {
        let row = sqlx::query(
            "SELECT cp.* FROM candidate_pairs cp JOIN link_runs lr ON lr.id = cp.run_id \
             WHERE cp.record_a = $1 AND cp.record_b = $2 ORDER BY lr.event_seq DESC LIMIT 1",
        )
        .bind(a.as_str())
        .bind(b.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(pair_from).transpose()
    }

    /// The pairs a run scored between records of one person (what a split re-clusters on).
    pub async fn pair_edges_within_person(&self, run_id: &LinkRunId, person_id: &PersonId) -> Result<Vec<PairEdge>> {
        let rows = sqlx::query(
            "SELECT cp.record_a, cp.record_b, cp.weight_millibits FROM candidate_pairs cp \
             JOIN records ra ON ra.id = cp.record_a JOIN records rb ON rb.id = cp.record_b \
             WHERE cp.run_id = $1 AND ra.person_id = $2 AND rb.person_id = $2 ORDER BY cp.record_a, cp.record_b",
        )
        .bind(run_id.as_str())
        .bind(person_id.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(PairEdge {
                    record_a: col!(row, "candidate_pairs", "record_a", RecordId::parse),
                    record_b: col!(row, "candidate_pairs", "record_b", RecordId::parse),
                    weight: Millibits(row.try_get("weight_millibits")?),
                })
            })
            .collect()
    }

    /// Pairs of a run that join a record of this person to a record outside it, most likely first.
    pub async fn possible_matches(
        &self,
        run_id: &LinkRunId,
        person_id: &PersonId,
        min_ppm: u32,
        limit: i64,
    ) -> Result<Vec<QueueItem>> {
        let sql = format!(
            "SELECT {columns} FROM candidate_pairs cp \
             JOIN records ra ON ra.id = cp.record_a JOIN records rb ON rb.id = cp.record_b \
             LEFT JOIN registry_persons pa ON pa.person_id = ra.person_id \
             LEFT JOIN registry_persons pb ON pb.person_id = rb.person_id \
             WHERE cp.run_id = $1 AND cp.probability_ppm >= $3 \
             AND ((ra.person_id = $2 AND (rb.person_id IS NULL OR rb.person_id <> $2)) \
               OR (rb.person_id = $2 AND (ra.person_id IS NULL OR ra.person_id <> $2))) \
             ORDER BY cp.probability_ppm DESC, cp.record_a, cp.record_b LIMIT $4",
            columns = queue_columns()
        );
        let rows = sqlx::query(&sql)
            .bind(run_id.as_str())
            .bind(person_id.as_str())
            .bind(i64::from(min_ppm))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(queue_item_from).collect()
    }

    /// The review queue: undecided pairs of a run with a probability in `[low_ppm, high_ppm]`,
    /// highest priority first, and how many there are in all.
    pub async fn review_queue(
        &self,
        run_id: &LinkRunId,
        low_ppm: u32,
        high_ppm: u32,
        limit: i64,
    ) -> Result<(Vec<QueueItem>, u64)> {
        let sql = format!(
            "SELECT {columns} {QUEUE_FROM} ORDER BY priority DESC, cp.uncertainty_ppm DESC, cp.record_a, cp.record_b LIMIT $4",
            columns = queue_columns()
        );
        let rows = sqlx::query(&sql)
            .bind(run_id.as_str())
            .bind(i64::from(low_ppm))
            .bind(i64::from(high_ppm))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        let items = rows.iter().map(queue_item_from).collect::<Result<Vec<_>>>()?;
        let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {QUEUE_FROM}"))
            .bind(run_id.as_str())
            .bind(i64::from(low_ppm))
            .bind(i64::from(high_ppm))
            .fetch_one(&self.pool)
            .await?;
        Ok((items, total.max(0) as u64))
    }

    /// A registry person: the person and their registry entry.
    pub async fn registry_person(&self, id: &PersonId) -> Result<Option<RegistryPerson>> {
        let Some(row) = sqlx::query("SELECT * FROM registry_persons WHERE person_id = $1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let Some(person) = self.person(id).await? else { return Ok(None) };
        let age: Option<i64> = row.try_get("age")?;
        Ok(Some(RegistryPerson {
            person,
            status: col!(row, "registry_persons", "status", RegistryStatus::parse),
            merged_into: opt_col!(row, "registry_persons", "merged_into", PersonId::parse),
            n_records: u32_col(&row, "n_records")?,
            n_sources: u32_col(&row, "n_sources")?,
            place: opt_col!(row, "registry_persons", "place"),
            place_key: opt_col!(row, "registry_persons", "place_key"),
            age: age.map(|a| a.clamp(0, 255) as u8),
        }))
    }

    /// The event that last wrote any of these records or registry persons, if any did.
    pub async fn last_write_of(&self, record_ids: &[RecordId], person_ids: &[PersonId]) -> Result<Option<i64>> {
        let mut last: Option<i64> = None;
        for chunk in record_ids.chunks(500) {
            let sql = format!("SELECT MAX(event_seq) FROM records WHERE id IN ({})", placeholders(1, chunk.len()));
            let mut query = sqlx::query_scalar::<_, Option<i64>>(&sql);
            for id in chunk {
                query = query.bind(id.as_str());
            }
            last = last.max(query.fetch_one(&self.pool).await?);
        }
        for chunk in person_ids.chunks(500) {
            for table in ["persons WHERE id", "registry_persons WHERE person_id"] {
                let sql = format!("SELECT MAX(event_seq) FROM {table} IN ({})", placeholders(1, chunk.len()));
                let mut query = sqlx::query_scalar::<_, Option<i64>>(&sql);
                for id in chunk {
                    query = query.bind(id.as_str());
                }
                last = last.max(query.fetch_one(&self.pool).await?);
            }
        }
        Ok(last)
    }

    /// A page of active registry persons in name order, narrowed by `filter`, after `after`.
    pub async fn registry_page(
        &self,
        filter: &RegistryFilter,
        after: Option<&PersonId>,
        limit: i64,
    ) -> Result<Vec<RegistryRow>> {
        let rows = sqlx::query(
            "SELECT rp.person_id, p.display_name, p.gender, p.death_date, rp.n_records, rp.n_sources, rp.place, rp.age \
             FROM registry_persons rp JOIN persons p ON p.id = rp.person_id \
             WHERE rp.status = 'active' \
             AND ($1 IS NULL OR rp.place_key = $1) \
             AND ($2 IS NULL OR rp.death_latest >= $2) \
             AND ($3 IS NULL OR rp.death_earliest <= $3) \
             AND ($4 IS NULL OR rp.age >= $4) \
             AND ($5 IS NULL OR rp.age <= $5) \
             AND ($6 IS NULL OR (rp.sort_key, rp.person_id) > \
                  (SELECT sort_key, person_id FROM registry_persons WHERE person_id = $6)) \
             ORDER BY rp.sort_key, rp.person_id LIMIT $7",
        )
        .bind(filter.place_key.as_deref())
        .bind(filter.died_from.map(|d| d.to_string()))
        .bind(filter.died_to.map(|d| d.to_string()))
        .bind(filter.age_min.map(i64::from))
        .bind(filter.age_max.map(i64::from))
        .bind(after.map(|id| id.as_str()))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let age: Option<i64> = row.try_get("age")?;
                Ok(RegistryRow {
                    person_id: col!(row, "registry_persons", "person_id", PersonId::parse),
                    display_name: col!(row, "persons", "display_name"),
                    gender: opt_col!(row, "persons", "gender", Gender::parse),
                    n_records: u32_col(row, "n_records")?,
                    n_sources: u32_col(row, "n_sources")?,
                    place: opt_col!(row, "registry_persons", "place"),
                    death_date: opt_col!(row, "persons", "death_date", fuzzy),
                    age: age.map(|a| a.clamp(0, 255) as u8),
                })
            })
            .collect()
    }

    /// How many active registry persons match `filter`.
    pub async fn count_registry(&self, filter: &RegistryFilter) -> Result<u64> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM registry_persons rp WHERE rp.status = 'active' \
             AND ($1 IS NULL OR rp.place_key = $1) AND ($2 IS NULL OR rp.death_latest >= $2) \
             AND ($3 IS NULL OR rp.death_earliest <= $3) AND ($4 IS NULL OR rp.age >= $4) \
             AND ($5 IS NULL OR rp.age <= $5)",
        )
        .bind(filter.place_key.as_deref())
        .bind(filter.died_from.map(|d| d.to_string()))
        .bind(filter.died_to.map(|d| d.to_string()))
        .bind(filter.age_min.map(i64::from))
        .bind(filter.age_max.map(i64::from))
        .fetch_one(&self.pool)
        .await?;
        Ok(n.max(0) as u64)
    }

    /// The sources of each given person's records (person id, source id), sorted.
    pub async fn sources_of_persons(&self, person_ids: &[PersonId]) -> Result<Vec<(PersonId, SourceId)>> {
        let mut out = Vec::new();
        for chunk in person_ids.chunks(500) {
            let sql = format!(
                "SELECT DISTINCT person_id, source_id FROM records WHERE person_id IN ({}) ORDER BY person_id, source_id",
                placeholders(1, chunk.len())
            );
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(id.as_str());
            }
            for row in query.fetch_all(&self.pool).await? {
                out.push((
                    col!(row, "records", "person_id", PersonId::parse),
                    col!(row, "records", "source_id", SourceId::parse),
                ));
            }
        }
        Ok(out)
    }

    /// Places of active registry persons, most persons first, each labelled with its most common
    /// spelling.
    pub async fn registry_places(&self) -> Result<Vec<PlaceCount>> {
        let rows = sqlx::query(
            "SELECT place_key, place, COUNT(*) AS n FROM registry_persons \
             WHERE status = 'active' AND place_key IS NOT NULL GROUP BY place_key, place ORDER BY place_key, place",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut places: Vec<PlaceCount> = Vec::new();
        let mut best: Vec<u32> = Vec::new();
        for row in &rows {
            let key: String = col!(row, "registry_persons", "place_key");
            let label = opt_col!(row, "registry_persons", "place").unwrap_or_default();
            let n = u32_col(row, "n")?;
            match places.last_mut() {
                Some(last) if last.place_key == key => {
                    last.n_persons += n;
                    if let Some(top) = best.last_mut()
                        && n > *top
                    {
                        *top = n;
                        last.label = label;
                    }
                }
                _ => {
                    places.push(PlaceCount { place_key: key, label, n_persons: n });
                    best.push(n);
                }
            }
        }
        places.sort_by(|a, b| b.n_persons.cmp(&a.n_persons).then(a.place_key.cmp(&b.place_key)));
        Ok(places)
    }

    /// Every active registry person with the sources of their records, for capture histories.
    pub async fn memberships(&self) -> Result<Vec<(PersonId, SourceId)>> {
        let rows = sqlx::query(
            "SELECT DISTINCT r.person_id, r.source_id FROM records r \
             JOIN registry_persons rp ON rp.person_id = r.person_id WHERE rp.status = 'active' \
             ORDER BY r.person_id, r.source_id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    col!(row, "records", "person_id", PersonId::parse),
                    col!(row, "records", "source_id", SourceId::parse),
                ))
            })
            .collect()
    }

    /// The strata of every active registry person.
    pub async fn person_strata(&self) -> Result<Vec<PersonStrata>> {
        let rows = sqlx::query(
            "SELECT person_id, place, place_key, death_earliest FROM registry_persons WHERE status = 'active' \
             ORDER BY person_id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(PersonStrata {
                    person_id: col!(row, "registry_persons", "person_id", PersonId::parse),
                    place: opt_col!(row, "registry_persons", "place"),
                    place_key: opt_col!(row, "registry_persons", "place_key"),
                    death_earliest: opt_col!(row, "registry_persons", "death_earliest", date),
                })
            })
            .collect()
    }

    pub async fn decision(&self, id: &DecisionId) -> Result<Option<DecisionRow>> {
        let row = sqlx::query("SELECT * FROM pair_decisions WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(decision_from).transpose()
    }

    /// The decision on a pair that is in force, if any.
    pub async fn active_decision(&self, a: &RecordId, b: &RecordId) -> Result<Option<DecisionRow>> {
        let row = sqlx::query(
            "SELECT * FROM pair_decisions WHERE record_a = $1 AND record_b = $2 AND undone_at IS NULL \
             ORDER BY event_seq DESC LIMIT 1",
        )
        .bind(a.as_str())
        .bind(b.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(decision_from).transpose()
    }

    /// Every decision in force, oldest first: the constraints that re-linking respects.
    pub async fn active_decisions(&self) -> Result<Vec<(RecordId, RecordId, Verdict)>> {
        let rows = sqlx::query(
            "SELECT record_a, record_b, verdict FROM pair_decisions WHERE undone_at IS NULL ORDER BY event_seq",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    col!(row, "pair_decisions", "record_a", RecordId::parse),
                    col!(row, "pair_decisions", "record_b", RecordId::parse),
                    col!(row, "pair_decisions", "verdict", Verdict::parse),
                ))
            })
            .collect()
    }

    /// A page of decisions, newest first, after the decision `after`.
    pub async fn decisions_page(&self, after: Option<&DecisionId>, limit: i64) -> Result<Vec<DecisionRow>> {
        let rows = sqlx::query(
            "SELECT * FROM pair_decisions WHERE $1 IS NULL OR (decided_at, id) < \
             (SELECT decided_at, id FROM pair_decisions WHERE id = $1) ORDER BY decided_at DESC, id DESC LIMIT $2",
        )
        .bind(after.map(|id| id.as_str()))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(decision_from).collect()
    }

    /// Decisions involving any record of a person, newest first.
    pub async fn decisions_of_person(&self, person_id: &PersonId) -> Result<Vec<DecisionRow>> {
        let rows = sqlx::query(
            "SELECT d.* FROM pair_decisions d WHERE d.record_a IN (SELECT id FROM records WHERE person_id = $1) \
             OR d.record_b IN (SELECT id FROM records WHERE person_id = $1) ORDER BY d.decided_at DESC, d.id DESC",
        )
        .bind(person_id.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(decision_from).collect()
    }
}

fn queue_columns() -> &'static str {
    "cp.record_a AS record_a, cp.record_b AS record_b, cp.weight_millibits, cp.probability_ppm, \
     ra.source_id AS source_a, rb.source_id AS source_b, \
     ra.full_name AS full_a, ra.surname AS sur_a, ra.given_name AS giv_a, ra.patronymic AS pat_a, \
     rb.full_name AS full_b, rb.surname AS sur_b, rb.given_name AS giv_b, rb.patronymic AS pat_b, \
     ra.person_id AS person_a, rb.person_id AS person_b, \
     COALESCE(pa.n_records, 1) AS n_a, COALESCE(pb.n_records, 1) AS n_b, \
     (CASE WHEN ra.person_id = rb.person_id \
       THEN (1000000 - cp.probability_ppm) * (COALESCE(pa.n_records, 1) - 1) \
       ELSE cp.probability_ppm * COALESCE(pa.n_records, 1) * COALESCE(pb.n_records, 1) END) AS priority"
}

fn queue_item_from(row: &AnyRow) -> Result<QueueItem> {
    Ok(QueueItem {
        a: side(row, "a")?,
        b: side(row, "b")?,
        weight: Millibits(row.try_get("weight_millibits")?),
        probability_ppm: u32_col(row, "probability_ppm")?,
        priority: row.try_get("priority")?,
    })
}
