//! `verify`: checks every hash of the event log, replays the log into a fresh in-memory database,
//! and compares the replayed state with the stored state table by table, row by row.
//!
//! The first problem found is reported with the event it concerns, so an investigator knows where
//! the log or the state was altered behind the application's back.

use std::fmt;

use domain::change::Change;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use crate::{Result, Store};

/// Every table whose content is derived from the event log, with the columns that order its rows.
/// Invariant: all other tables (`events`, `chain_head`, `sessions`, `login_throttle`,
/// `sign_in_challenges`, `totp_steps`, sqlx's migrations) are not state; nor is `data_keys`, the
/// wrapped data keys of sealed values, kept outside the log so that key rotation leaves it intact.
pub const STATE_TABLES: &[(&str, &str)] = &[
    ("users", "id"),
    ("sources", "id"),
    ("records", "id"),
    ("persons", "id"),
    ("person_names", "person_id, position"),
    ("incidents", "id"),
    ("incident_sources", "incident_id, source_id"),
    ("violations", "id"),
    ("allegations", "id"),
    ("allegation_steps", "allegation_id, position"),
    ("allegation_perpetrators", "allegation_id, position"),
    ("withdrawals", "id"),
    ("pressure_reports", "id"),
    ("cases", "id"),
    ("case_allegations", "case_id, allegation_id"),
    ("case_suspects", "case_id, position"),
    ("units", "id"),
    ("unit_names", "unit_id, position"),
    ("unit_parents", "unit_id, position"),
    ("unit_sources", "unit_id, source_id"),
    ("postings", "id"),
    ("deployments", "id"),
    ("assistance", "id"),
    ("attributions", "id"),
    ("attribution_sources", "attribution_id, source_id"),
    ("evidence", "id"),
    ("testimonies", "id"),
    ("claims", "id"),
    ("vetting_requests", "id"),
    ("nominees", "id"),
    ("imports", "id"),
    ("import_problems", "import_id, position"),
    ("column_mappings", "source_id, field"),
    ("link_runs", "id"),
    ("link_run_sources", "run_id, position"),
    ("candidate_pairs", "run_id, record_a, record_b"),
    ("registry_persons", "person_id"),
    ("pair_decisions", "id"),
    ("checkpoints", "event_seq"),
    ("releases", "id"),
    ("release_files", "release_id, position"),
    ("recovery_codes", "user_id, code_digest"),
    ("custody_entries", "evidence_id, position"),
    ("vetting_screenings", "request_id"),
    ("screening_hits", "request_id, position"),
    ("vetting_decisions", "id"),
    ("duty_to_inform", "id"),
];

/// The first thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Sequence numbers must run 1, 2, 3 ... without gaps.
    Gap { expected_seq: i64, found_seq: i64 },
    /// The event's `prev_hash` is not the hash of the event before it.
    BrokenLink { seq: i64 },
    /// The event's content does not hash to its stored hash: the event was altered.
    HashMismatch { seq: i64 },
    /// The payload is not a change this version can read.
    UnreadablePayload { seq: i64, detail: String },
    /// Applying the event during replay failed.
    ReplayFailed { seq: i64, detail: String },
    /// The chain head does not point at the last event: events were removed from the end.
    HeadMismatch { head_seq: i64, last_seq: i64 },
    /// A state table differs from the replay.
    StateDiffers { table: &'static str, key: String, detail: String, event_seq: Option<i64> },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Gap { expected_seq, found_seq } => {
                write!(f, "event {expected_seq} is missing (the log jumps to event {found_seq})")
            }
            Problem::BrokenLink { seq } => {
                write!(f, "event {seq} does not link to the hash of event {}: the chain is broken", seq - 1)
            }
            Problem::HashMismatch { seq } => write!(f, "event {seq} does not match its hash: it was altered"),
            Problem::UnreadablePayload { seq, detail } => write!(f, "event {seq} has an unreadable payload: {detail}"),
            Problem::ReplayFailed { seq, detail } => write!(f, "event {seq} could not be replayed: {detail}"),
            Problem::HeadMismatch { head_seq, last_seq } => write!(
                f,
                "the chain head names event {head_seq} but the log ends at event {last_seq}: events were removed"
            ),
            Problem::StateDiffers { table, key, detail, event_seq } => {
                write!(f, "table {table}, row {key}: {detail}")?;
                match event_seq {
                    Some(seq) => write!(f, " (row last written by event {seq})"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub n_events: i64,
    /// Sequence number and hash of the last event, if any.
    pub head: Option<(i64, String)>,
    pub n_rows_compared: u64,
    pub problem: Option<Problem>,
}

impl VerifyReport {
    pub fn is_ok(&self) -> bool {
        self.problem.is_none()
    }
}

/// A column value, decoded without knowing the column's type.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Real(r) => write!(f, "{r}"),
            Value::Text(t) => write!(f, "{t:?}"),
            Value::Bytes(b) => write!(f, "<{} bytes>", b.len()),
        }
    }
}

fn decode(row: &AnyRow, index: usize) -> Value {
    if let Ok(value) = row.try_get::<Option<i64>, _>(index) {
        return value.map_or(Value::Null, Value::Int);
    }
    if let Ok(Some(value)) = row.try_get::<Option<String>, _>(index) {
        return Value::Text(value);
    }
    if let Ok(Some(value)) = row.try_get::<Option<Vec<u8>>, _>(index) {
        return Value::Bytes(value);
    }
    if let Ok(Some(value)) = row.try_get::<Option<f64>, _>(index) {
        return Value::Real(value);
    }
    Value::Null
}

struct Row_ {
    columns: Vec<String>,
    values: Vec<Value>,
}

fn to_row(row: &AnyRow) -> Row_ {
    use sqlx::Column;
    let columns: Vec<String> = row.columns().iter().map(|c| c.name().to_owned()).collect();
    let values = (0..columns.len()).map(|i| decode(row, i)).collect();
    Row_ { columns, values }
}

impl Row_ {
    fn key(&self, order_by: &str) -> String {
        order_by
            .split(',')
            .map(|column| {
                let column = column.trim();
                let value = self.columns.iter().position(|c| c == column).map(|i| self.values[i].to_string());
                format!("{column}={}", value.unwrap_or_default())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn event_seq(&self) -> Option<i64> {
        let index = self.columns.iter().position(|c| c == "event_seq")?;
        match self.values[index] {
            Value::Int(seq) => Some(seq),
            _ => None,
        }
    }
}

async fn table_rows(pool: &AnyPool, table: &str, order_by: &str) -> Result<Vec<Row_>> {
    let sql = format!("SELECT * FROM {table} ORDER BY {order_by}");
    let rows = sqlx::query(&sql).fetch_all(pool).await?;
    Ok(rows.iter().map(to_row).collect())
}

/// A row found on one side only: `stored` says which.
fn one_sided(table: &'static str, order_by: &str, row: &Row_, stored: bool) -> Problem {
    let detail = if stored {
        "the row is in the database but not in the replayed log"
    } else {
        "the row is in the replayed log but missing from the database"
    };
    Problem::StateDiffers { table, key: row.key(order_by), detail: detail.to_owned(), event_seq: row.event_seq() }
}

fn compare_rows(table: &'static str, order_by: &str, stored: &[Row_], replayed: &[Row_]) -> Option<Problem> {
    for index in 0..stored.len().max(replayed.len()) {
        match (stored.get(index), replayed.get(index)) {
            (Some(s), Some(r)) => {
                let (stored_key, replayed_key) = (s.key(order_by), r.key(order_by));
                if stored_key != replayed_key {
                    // Ordered by key: the smaller key is the row that exists on one side only.
                    return Some(if stored_key < replayed_key {
                        one_sided(table, order_by, s, true)
                    } else {
                        one_sided(table, order_by, r, false)
                    });
                }
                for (column_index, column) in s.columns.iter().enumerate() {
                    let stored_value = &s.values[column_index];
                    let replayed_value = r.columns.iter().position(|c| c == column).map(|i| &r.values[i]);
                    if Some(stored_value) != replayed_value {
                        let detail = format!(
                            "column {column} is {stored_value} but the log gives {}",
                            replayed_value.map_or("nothing".to_owned(), |v| v.to_string())
                        );
                        return Some(Problem::StateDiffers {
                            table,
                            key: stored_key,
                            detail,
                            event_seq: r.event_seq(),
                        });
                    }
                }
            }
            (Some(s), None) => return Some(one_sided(table, order_by, s, true)),
            (None, Some(r)) => return Some(one_sided(table, order_by, r, false)),
            (None, None) => break,
        }
    }
    None
}

/// Checks the log's hash chain and that the state tables equal a replay of the log.
pub async fn verify(store: &Store) -> Result<VerifyReport> {
    let replay = Store::open_in_memory().await?;
    let mut replay_tx = replay.pool().begin().await?;
    let mut report = VerifyReport { n_events: 0, head: None, n_rows_compared: 0, problem: None };
    let mut previous_hash = hex::encode(crypto::chain::GENESIS);
    let mut last_seq = 0i64;
    const PAGE: i64 = 500;
    'pages: loop {
        let rows = sqlx::query(
            "SELECT seq, occurred_at, actor, kind, payload_version, payload, prev_hash, hash FROM events \
             WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(last_seq)
        .bind(PAGE)
        .fetch_all(store.pool())
        .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let seq: i64 = row.try_get("seq")?;
            let payload: String = row.try_get("payload")?;
            let prev_hash: String = row.try_get("prev_hash")?;
            let hash: String = row.try_get("hash")?;
            let payload_version: i64 = row.try_get("payload_version")?;
            let actor: String = row.try_get("actor")?;
            let kind: String = row.try_get("kind")?;
            let occurred_at: i64 = row.try_get("occurred_at")?;
            if seq != last_seq + 1 {
                report.problem = Some(Problem::Gap { expected_seq: last_seq + 1, found_seq: seq });
                break 'pages;
            }
            if prev_hash != previous_hash {
                report.problem = Some(Problem::BrokenLink { seq });
                break 'pages;
            }
            let content = crypto::chain::EventContent {
                seq,
                occurred_at_millis: occurred_at,
                actor: &actor,
                kind: &kind,
                payload_version: payload_version as i32,
                payload: &payload,
            };
            let previous = crate::decode_hash(&prev_hash)?;
            if hex::encode(crypto::chain::event_hash(&content, &previous)) != hash {
                report.problem = Some(Problem::HashMismatch { seq });
                break 'pages;
            }
            let change: Change = match serde_json::from_str(&payload) {
                Ok(change) => change,
                Err(error) => {
                    report.problem = Some(Problem::UnreadablePayload { seq, detail: error.to_string() });
                    break 'pages;
                }
            };
            if let Err(error) = crate::apply::apply(&mut replay_tx, seq, &change).await {
                report.problem = Some(Problem::ReplayFailed { seq, detail: error.to_string() });
                break 'pages;
            }
            previous_hash = hash;
            last_seq = seq;
            report.n_events += 1;
        }
    }
    replay_tx.commit().await?;
    if report.n_events > 0 {
        report.head = Some((last_seq, previous_hash.clone()));
    }
    if report.problem.is_some() {
        replay.close().await;
        return Ok(report);
    }
    let head = sqlx::query("SELECT seq, hash FROM chain_head WHERE id = 1").fetch_one(store.pool()).await?;
    let head_seq: i64 = head.try_get("seq")?;
    let head_hash: String = head.try_get("hash")?;
    if head_seq != last_seq || head_hash != previous_hash {
        report.problem = Some(Problem::HeadMismatch { head_seq, last_seq });
        replay.close().await;
        return Ok(report);
    }
    for (table, order_by) in STATE_TABLES {
        let stored = table_rows(store.pool(), table, order_by).await?;
        let replayed = table_rows(replay.pool(), table, order_by).await?;
        report.n_rows_compared += stored.len() as u64;
        if let Some(problem) = compare_rows(table, order_by, &stored, &replayed) {
            report.problem = Some(problem);
            break;
        }
    }
    replay.close().await;
    Ok(report)
}
