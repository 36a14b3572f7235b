//! Reads of the records that hold protected fields (testimonies, allegations), sealed as stored.
//! Opening them, and the read audit that must come first, is `app`'s business; the recorded
//! readings of a record are read back from the event log.

use domain::change::{Change, ProtectedField, ProtectedRecord};
use domain::date::Timestamp;
use domain::entity::*;
use domain::id::*;
use domain::protected::Sealed;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::read::{col, corrupt, opt_col};
use crate::{Result, Store};

fn date(text: &str) -> std::result::Result<jiff::civil::Date, domain::Error> {
    domain::date::parse_date(text)
}

fn sealed(row: &AnyRow, column: &str) -> Result<Sealed> {
    Ok(Sealed::from_bytes(row.try_get::<Vec<u8>, _>(column)?))
}

fn opt_sealed(row: &AnyRow, column: &str) -> Result<Option<Sealed>> {
    Ok(row.try_get::<Option<Vec<u8>>, _>(column)?.map(Sealed::from_bytes))
}

fn testimony_from(row: &AnyRow) -> Result<Testimony> {
    Ok(Testimony {
        id: col!(row, "testimonies", "id", TestimonyId::parse),
        incident_id: opt_col!(row, "testimonies", "incident_id", IncidentId::parse),
        witness: sealed(row, "witness")?,
        contact: opt_sealed(row, "contact")?,
        text: sealed(row, "text")?,
        language: col!(row, "testimonies", "language"),
        given_on: col!(row, "testimonies", "given_on", date),
    })
}

/// One recorded reading of a record's protected fields: the `protected-read` event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectedReadRow {
    pub seq: i64,
    pub at: Timestamp,
    /// The event's actor: the reader's user id.
    pub actor: String,
    pub fields: Vec<ProtectedField>,
}

impl Store {
    /// Every reading of `record`'s protected fields, oldest first.
    pub async fn protected_reads(&self, record: &ProtectedRecord) -> Result<Vec<ProtectedReadRow>> {
        let rows = sqlx::query("SELECT seq, occurred_at, actor, payload FROM events WHERE kind = $1 ORDER BY seq")
            .bind("protected-read")
            .fetch_all(&self.pool)
            .await?;
        let mut reads = Vec::new();
        for row in &rows {
            let payload: String = row.try_get("payload")?;
            let change = serde_json::from_str(&payload).map_err(|e| corrupt("events", "payload", e))?;
            if let Change::ProtectedRead { record: read, fields } = change
                && read == *record
            {
                let at = Timestamp::from_millis(row.try_get("occurred_at")?);
                reads.push(ProtectedReadRow { seq: row.try_get("seq")?, at, actor: row.try_get("actor")?, fields });
            }
        }
        Ok(reads)
    }

    pub async fn testimony(&self, id: &TestimonyId) -> Result<Option<Testimony>> {
        let row = sqlx::query("SELECT * FROM testimonies WHERE id = $1").bind(id.as_str()).fetch_optional(&self.pool);
        row.await?.as_ref().map(testimony_from).transpose()
    }

    pub async fn testimonies_of_incident(&self, id: &IncidentId) -> Result<Vec<Testimony>> {
        let rows = sqlx::query("SELECT * FROM testimonies WHERE incident_id = $1 ORDER BY given_on, id")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(testimony_from).collect()
    }

    pub async fn allegation(&self, id: &AllegationId) -> Result<Option<Allegation>> {
        let row = sqlx::query("SELECT * FROM allegations WHERE id = $1").bind(id.as_str()).fetch_optional(&self.pool);
        match row.await? {
            Some(row) => Ok(Some(self.allegation_from(&row).await?)),
            None => Ok(None),
        }
    }

    pub async fn allegations_of_incident(&self, id: &IncidentId) -> Result<Vec<Allegation>> {
        let rows = sqlx::query("SELECT * FROM allegations WHERE incident_id = $1 ORDER BY id")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?;
        let mut allegations = Vec::with_capacity(rows.len());
        for row in &rows {
            allegations.push(self.allegation_from(row).await?);
        }
        Ok(allegations)
    }

    async fn perpetrators(&self, id: &AllegationId) -> Result<Vec<AllegedPerpetrator>> {
        let rows = sqlx::query("SELECT * FROM allegation_perpetrators WHERE allegation_id = $1 ORDER BY position")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(AllegedPerpetrator {
                    unit_id: opt_col!(row, "allegation_perpetrators", "unit_id", UnitId::parse),
                    person_id: opt_col!(row, "allegation_perpetrators", "person_id", PersonId::parse),
                    description: col!(row, "allegation_perpetrators", "description"),
                })
            })
            .collect()
    }

    pub(crate) async fn allegation_from(&self, row: &AnyRow) -> Result<Allegation> {
        let id = col!(row, "allegations", "id", AllegationId::parse);
        let timeline = sqlx::query("SELECT * FROM allegation_steps WHERE allegation_id = $1 ORDER BY position")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|step| {
                Ok(AllegationStatusEvent {
                    status: col!(step, "allegation_steps", "status", AllegationStatus::parse),
                    on: col!(step, "allegation_steps", "on_date", date),
                    shareable: step.try_get::<i64, _>("shareable")? != 0,
                    note: col!(step, "allegation_steps", "note"),
                    deadline: opt_col!(step, "allegation_steps", "deadline", date),
                    closure_reason: opt_col!(step, "allegation_steps", "closure_reason", ClosureReason::parse),
                    verdict: opt_col!(step, "allegation_steps", "verdict", VerdictKind::parse),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let perpetrators = self.perpetrators(&id).await?;
        Ok(Allegation {
            id,
            incident_id: opt_col!(row, "allegations", "incident_id", IncidentId::parse),
            victim: opt_col!(row, "allegations", "victim_id", PersonId::parse),
            kind: col!(row, "allegations", "kind", ViolationKind::parse),
            complainant: sealed(row, "complainant")?,
            medical: opt_sealed(row, "medical")?,
            registration_number: opt_col!(row, "allegations", "registration_number"),
            handling_body: opt_col!(row, "allegations", "handling_body"),
            timeline,
            perpetrators,
            details: match row.try_get::<Option<String>, _>("details")? {
                Some(text) => Some(serde_json::from_str(&text).map_err(|e| corrupt("allegations", "details", e))?),
                None => None,
            },
        })
    }
}
