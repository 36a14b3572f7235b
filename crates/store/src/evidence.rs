//! The evidence vault in the store: evidence items (originals and their working copies) and each
//! item's custody log (`custody_entries`), applied from `evidence-registered` and
//! `custody-recorded` events and read back for the vault's pages, exports and checks.
//!
//! The files themselves are not here: they live content-addressed beside the database (`app`).

use domain::custody::{CustodyAction, CustodyEntry, GENESIS};
use domain::date::Timestamp;
use domain::entity::Evidence;
use domain::id::{EvidenceId, IncidentId, SourceId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::read::{col, corrupt, opt_col};
use crate::{Error, Result, Store};

pub(crate) async fn insert_evidence(conn: &mut AnyConnection, seq: i64, evidence: &Evidence) -> Result<()> {
    sqlx::query(
        "INSERT INTO evidence (id, title, sha256, size_bytes, media_type, received_at, incident_id, source_id, \
         derived_from, derivation, event_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(evidence.id.as_str())
    .bind(&evidence.title)
    .bind(&evidence.sha256)
    .bind(evidence.size_bytes as i64)
    .bind(&evidence.media_type)
    .bind(evidence.received_at.as_millis())
    .bind(evidence.incident_id.as_ref().map(|id| id.to_string()))
    .bind(evidence.source_id.as_ref().map(|id| id.to_string()))
    .bind(evidence.derived_from.as_ref().map(|id| id.to_string()))
    .bind(evidence.derivation.clone())
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Appends a custody entry, refusing one that does not follow the item's last entry (its position
/// and previous hash), so that two writers can never fork a chain and a replay rebuilds it exactly.
pub(crate) async fn insert_custody(conn: &mut AnyConnection, seq: i64, entry: &CustodyEntry) -> Result<()> {
    let last =
        sqlx::query("SELECT position, hash FROM custody_entries WHERE evidence_id = $1 ORDER BY position DESC LIMIT 1")
            .bind(entry.evidence_id.as_str())
            .fetch_optional(&mut *conn)
            .await?;
    let (expected_position, expected_prev) = match last {
        Some(row) => (row.try_get::<i64, _>("position")? + 1, row.try_get::<String, _>("hash")?),
        None => (0, GENESIS.to_owned()),
    };
    if i64::from(entry.position) != expected_position || entry.prev_hash != expected_prev {
        return Err(Error::CustodyOutOfOrder {
            evidence_id: entry.evidence_id.to_string(),
            detail: format!(
                "entry {} (previous hash {}) does not follow entry {} (hash {})",
                entry.position,
                entry.prev_hash,
                expected_position - 1,
                expected_prev
            ),
        });
    }
    if entry.position == 0 && entry.action != CustodyAction::Received {
        return Err(Error::CustodyOutOfOrder {
            evidence_id: entry.evidence_id.to_string(),
            detail: format!("the first entry must be `received`, not `{}`", entry.action.as_str()),
        });
    }
    sqlx::query(
        "INSERT INTO custody_entries (evidence_id, position, action, actor, at, note, prev_hash, hash, event_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(entry.evidence_id.as_str())
    .bind(i64::from(entry.position))
    .bind(entry.action.as_str())
    .bind(&entry.actor)
    .bind(entry.at.as_millis())
    .bind(&entry.note)
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

const EVIDENCE_COLUMNS: &str =
    "id, title, sha256, size_bytes, media_type, received_at, incident_id, source_id, derived_from, derivation";

fn evidence_of(row: &AnyRow) -> Result<Evidence> {
    Ok(Evidence {
        id: col!(row, "evidence", "id", EvidenceId::parse),
        title: col!(row, "evidence", "title"),
        sha256: col!(row, "evidence", "sha256"),
        size_bytes: u64::try_from(row.try_get::<i64, _>("size_bytes")?)
            .map_err(|e| corrupt("evidence", "size_bytes", e))?,
        media_type: col!(row, "evidence", "media_type"),
        received_at: Timestamp::from_millis(row.try_get("received_at")?),
        incident_id: opt_col!(row, "evidence", "incident_id", IncidentId::parse),
        source_id: opt_col!(row, "evidence", "source_id", SourceId::parse),
        derived_from: opt_col!(row, "evidence", "derived_from", EvidenceId::parse),
        derivation: opt_col!(row, "evidence", "derivation"),
    })
}

fn entry_of(row: &AnyRow) -> Result<CustodyEntry> {
    let action: String = row.try_get("action")?;
    Ok(CustodyEntry {
        evidence_id: col!(row, "custody_entries", "evidence_id", EvidenceId::parse),
        position: u32::try_from(row.try_get::<i64, _>("position")?)
            .map_err(|e| corrupt("custody_entries", "position", e))?,
        action: CustodyAction::parse(&action)
            .ok_or_else(|| corrupt("custody_entries", "action", format!("unknown action `{action}`")))?,
        actor: col!(row, "custody_entries", "actor"),
        at: Timestamp::from_millis(row.try_get("at")?),
        note: col!(row, "custody_entries", "note"),
        prev_hash: col!(row, "custody_entries", "prev_hash"),
        hash: col!(row, "custody_entries", "hash"),
    })
}

/// A line of the evidence list: the item and how many entries its custody log has (0 for an item
/// catalogued without its file in the vault, as the demo's are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRow {
    pub evidence: Evidence,
    pub n_custody: u64,
}

impl Store {
    /// Every evidence item, newest first (then by id, so both backends order alike).
    pub async fn evidence_list(&self, limit: i64) -> Result<Vec<EvidenceRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {EVIDENCE_COLUMNS}, (SELECT COUNT(*) FROM custody_entries c WHERE c.evidence_id = e.id) \
             AS n_custody FROM evidence e ORDER BY received_at DESC, id LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(EvidenceRow {
                    evidence: evidence_of(row)?,
                    n_custody: u64::try_from(row.try_get::<i64, _>("n_custody")?).unwrap_or(0),
                })
            })
            .collect()
    }

    pub async fn evidence(&self, id: &EvidenceId) -> Result<Option<Evidence>> {
        let row = sqlx::query(&format!("SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE id = $1"))
            .bind(id.as_str())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(evidence_of).transpose()
    }

    /// The item whose file has this SHA-256, if any (the earliest registered).
    pub async fn evidence_by_sha256(&self, sha256: &str) -> Result<Option<Evidence>> {
        let row = sqlx::query(&format!(
            "SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE sha256 = $1 ORDER BY received_at, id LIMIT 1"
        ))
        .bind(sha256)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(evidence_of).transpose()
    }

    /// The working copies derived from `original`, oldest first.
    pub async fn evidence_derived_from(&self, original: &EvidenceId) -> Result<Vec<Evidence>> {
        let rows = sqlx::query(&format!(
            "SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE derived_from = $1 ORDER BY received_at, id"
        ))
        .bind(original.as_str())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(evidence_of).collect()
    }

    /// An item's custody log in order.
    pub async fn custody_log(&self, id: &EvidenceId) -> Result<Vec<CustodyEntry>> {
        let rows = sqlx::query(
            "SELECT evidence_id, position, action, actor, at, note, prev_hash, hash FROM custody_entries \
             WHERE evidence_id = $1 ORDER BY position",
        )
        .bind(id.as_str())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(entry_of).collect()
    }

    /// Every item held in the vault (those with a custody log), for the check of the files.
    pub async fn evidence_in_vault(&self) -> Result<Vec<Evidence>> {
        let rows = sqlx::query(&format!(
            "SELECT {EVIDENCE_COLUMNS} FROM evidence e WHERE EXISTS \
             (SELECT 1 FROM custody_entries c WHERE c.evidence_id = e.id) ORDER BY id"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(evidence_of).collect()
    }
}
