//! Reads for complaints: the complainant's access by case code, withdrawals and reported pressure,
//! the list of allegations, and the per-allegation facts that the accountability funnel and the
//! withdrawal counts group (the grouping is `app`'s, in plain Rust, so both backends agree).

use std::collections::BTreeMap;

use domain::date::Timestamp;
use domain::entity::*;
use domain::id::*;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::read::{col, corrupt, opt_col};
use crate::{Result, Store};

fn date(text: &str) -> std::result::Result<jiff::civil::Date, domain::Error> {
    domain::date::parse_date(text)
}

/// One allegation in the investigators' list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllegationRow {
    pub id: AllegationId,
    pub kind: ViolationKind,
    pub status: Option<AllegationStatus>,
    pub registration_number: Option<String>,
    pub handling_body: Option<String>,
    /// The date of the first step (registration).
    pub registered_on: Option<jiff::civil::Date>,
    /// The date of the last step and its deadline, if it set one.
    pub last_step_on: Option<jiff::civil::Date>,
    pub deadline: Option<jiff::civil::Date>,
    /// Whether a complainant can follow it on the status page.
    pub has_status_access: bool,
    pub n_pressure: i64,
    pub n_withdrawals: i64,
}

/// What the funnel and the counts know of one allegation: when it was registered, where, which
/// units are alleged, and which steps of the timeline it reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllegationFacts {
    pub id: AllegationId,
    pub registered_on: Option<jiff::civil::Date>,
    /// The region of its incident as at the event (January 2022).
    pub region: Option<String>,
    pub unit_ids: Vec<UnitId>,
    pub statuses: Vec<AllegationStatus>,
    /// The verdicts its steps record.
    pub verdicts: Vec<VerdictKind>,
    /// The outcomes of the cases it is part of.
    pub outcomes: Vec<CaseOutcome>,
    /// Whether any of its cases names a suspect.
    pub case_suspects: bool,
}

fn withdrawal_from(row: &AnyRow) -> Result<Withdrawal> {
    Ok(Withdrawal {
        id: col!(row, "withdrawals", "id", WithdrawalId::parse),
        allegation_id: col!(row, "withdrawals", "allegation_id", AllegationId::parse),
        testimony_id: opt_col!(row, "withdrawals", "testimony_id", TestimonyId::parse),
        on: col!(row, "withdrawals", "on_date", date),
        reason: col!(row, "withdrawals", "reason"),
        circumstances: col!(row, "withdrawals", "circumstances"),
    })
}

fn pressure_from(row: &AnyRow) -> Result<PressureReport> {
    Ok(PressureReport {
        id: col!(row, "pressure_reports", "id", PressureReportId::parse),
        allegation_id: col!(row, "pressure_reports", "allegation_id", AllegationId::parse),
        at: Timestamp::from_millis(row.try_get("reported_at")?),
        reported_by: col!(row, "pressure_reports", "reported_by", ReportedBy::parse),
        circumstances: col!(row, "pressure_reports", "circumstances"),
    })
}

impl Store {
    /// The allegation a case code belongs to, with the digest of its passphrase.
    pub async fn complainant_access(&self, code: &str) -> Result<Option<(AllegationId, String)>> {
        let row = sqlx::query("SELECT id, passphrase_digest FROM allegations WHERE status_code = $1")
            .bind(code)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => {
                let id = col!(row, "allegations", "id", AllegationId::parse);
                let digest: Option<String> = row.try_get("passphrase_digest")?;
                Ok(digest.map(|digest| (id, digest)))
            }
            None => Ok(None),
        }
    }

    /// The case code of an allegation, if its complainant was given access.
    pub async fn status_code(&self, id: &AllegationId) -> Result<Option<String>> {
        let code = sqlx::query_scalar::<_, Option<String>>("SELECT status_code FROM allegations WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(code.flatten())
    }

    pub async fn withdrawals_of(&self, id: &AllegationId) -> Result<Vec<Withdrawal>> {
        let rows = sqlx::query("SELECT * FROM withdrawals WHERE allegation_id = $1 ORDER BY on_date, id")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(withdrawal_from).collect()
    }

    pub async fn pressure_reports_of(&self, id: &AllegationId) -> Result<Vec<PressureReport>> {
        let rows = sqlx::query("SELECT * FROM pressure_reports WHERE allegation_id = $1 ORDER BY reported_at, id")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(pressure_from).collect()
    }

    /// The latest reports of pressure, newest first: the investigators' urgent list.
    pub async fn latest_pressure_reports(&self, limit: i64) -> Result<Vec<PressureReport>> {
        let rows = sqlx::query("SELECT * FROM pressure_reports ORDER BY reported_at DESC, id LIMIT $1")
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(pressure_from).collect()
    }

    pub async fn all_withdrawals(&self) -> Result<Vec<Withdrawal>> {
        let rows = sqlx::query("SELECT * FROM withdrawals ORDER BY on_date, id").fetch_all(&self.pool).await?;
        rows.iter().map(withdrawal_from).collect()
    }

    pub async fn all_pressure_reports(&self) -> Result<Vec<PressureReport>> {
        let rows = sqlx::query("SELECT * FROM pressure_reports ORDER BY reported_at, id").fetch_all(&self.pool).await?;
        rows.iter().map(pressure_from).collect()
    }

    /// Every allegation as a row of the investigators' list, by id.
    pub async fn allegation_rows(&self) -> Result<Vec<AllegationRow>> {
        let rows = sqlx::query(
            "SELECT a.id, a.kind, a.status, a.registration_number, a.handling_body, a.status_code, \
             (SELECT MIN(s.on_date) FROM allegation_steps s WHERE s.allegation_id = a.id AND s.position = 0) AS first_on, \
             (SELECT s.on_date FROM allegation_steps s WHERE s.allegation_id = a.id ORDER BY s.position DESC LIMIT 1) AS last_on, \
             (SELECT s.deadline FROM allegation_steps s WHERE s.allegation_id = a.id ORDER BY s.position DESC LIMIT 1) AS deadline, \
             (SELECT COUNT(*) FROM pressure_reports p WHERE p.allegation_id = a.id) AS n_pressure, \
             (SELECT COUNT(*) FROM withdrawals w WHERE w.allegation_id = a.id) AS n_withdrawals \
             FROM allegations a ORDER BY a.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AllegationRow {
                    id: col!(row, "allegations", "id", AllegationId::parse),
                    kind: col!(row, "allegations", "kind", ViolationKind::parse),
                    status: opt_col!(row, "allegations", "status", AllegationStatus::parse),
                    registration_number: opt_col!(row, "allegations", "registration_number"),
                    handling_body: opt_col!(row, "allegations", "handling_body"),
                    registered_on: opt_col!(row, "allegation_steps", "first_on", date),
                    last_step_on: opt_col!(row, "allegation_steps", "last_on", date),
                    deadline: opt_col!(row, "allegation_steps", "deadline", date),
                    has_status_access: row.try_get::<Option<String>, _>("status_code")?.is_some(),
                    n_pressure: row.try_get("n_pressure")?,
                    n_withdrawals: row.try_get("n_withdrawals")?,
                })
            })
            .collect()
    }

    /// The facts of every allegation that the funnel and the counts group, by id.
    pub async fn allegation_facts(&self) -> Result<Vec<AllegationFacts>> {
        let mut facts: BTreeMap<String, AllegationFacts> = BTreeMap::new();
        let rows = sqlx::query(
            "SELECT a.id, i.region_at_event FROM allegations a LEFT JOIN incidents i ON i.id = a.incident_id",
        )
        .fetch_all(&self.pool)
        .await?;
        for row in &rows {
            let id = col!(row, "allegations", "id", AllegationId::parse);
            let region: Option<String> = row.try_get("region_at_event")?;
            facts.insert(
                id.to_string(),
                AllegationFacts {
                    id,
                    registered_on: None,
                    region: region.filter(|r| !r.is_empty()),
                    unit_ids: Vec::new(),
                    statuses: Vec::new(),
                    verdicts: Vec::new(),
                    outcomes: Vec::new(),
                    case_suspects: false,
                },
            );
        }
        let steps = sqlx::query("SELECT allegation_id, position, status, on_date, verdict FROM allegation_steps ORDER BY allegation_id, position")
            .fetch_all(&self.pool)
            .await?;
        for row in &steps {
            let id: String = row.try_get("allegation_id")?;
            let Some(fact) = facts.get_mut(&id) else { continue };
            let status = col!(row, "allegation_steps", "status", AllegationStatus::parse);
            let on = col!(row, "allegation_steps", "on_date", date);
            if fact.registered_on.is_none() {
                fact.registered_on = Some(on);
            }
            fact.statuses.push(status);
            if let Some(verdict) = opt_col!(row, "allegation_steps", "verdict", VerdictKind::parse) {
                fact.verdicts.push(verdict);
            }
        }
        let units = sqlx::query(
            "SELECT allegation_id, unit_id FROM allegation_perpetrators WHERE unit_id IS NOT NULL ORDER BY allegation_id, position",
        )
        .fetch_all(&self.pool)
        .await?;
        for row in &units {
            let id: String = row.try_get("allegation_id")?;
            let unit = col!(row, "allegation_perpetrators", "unit_id", UnitId::parse);
            if let Some(fact) = facts.get_mut(&id)
                && !fact.unit_ids.contains(&unit)
            {
                fact.unit_ids.push(unit);
            }
        }
        let cases = sqlx::query(
            "SELECT ca.allegation_id, c.outcome, (SELECT COUNT(*) FROM case_suspects s WHERE s.case_id = c.id) AS n_suspects \
             FROM case_allegations ca JOIN cases c ON c.id = ca.case_id ORDER BY ca.allegation_id, c.id",
        )
        .fetch_all(&self.pool)
        .await?;
        for row in &cases {
            let id: String = row.try_get("allegation_id")?;
            let outcome = col!(row, "cases", "outcome", CaseOutcome::parse);
            let n_suspects: i64 = row.try_get("n_suspects")?;
            if let Some(fact) = facts.get_mut(&id) {
                fact.outcomes.push(outcome);
                fact.case_suspects |= n_suspects > 0;
            }
        }
        Ok(facts.into_values().collect())
    }

    /// The claims (official figures) with the title of their source, by category and date.
    pub async fn claims_with_sources(&self) -> Result<Vec<(Claim, String)>> {
        let rows = sqlx::query(
            "SELECT c.*, s.title AS source_title FROM claims c JOIN sources s ON s.id = c.source_id \
             ORDER BY c.category, c.as_of, c.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let claim = Claim {
                    id: col!(row, "claims", "id", ClaimId::parse),
                    figure: row.try_get("figure")?,
                    category: col!(row, "claims", "category"),
                    scope: col!(row, "claims", "scope"),
                    as_of: col!(row, "claims", "as_of", date),
                    issuing_body: col!(row, "claims", "issuing_body"),
                    source_id: col!(row, "claims", "source_id", SourceId::parse),
                };
                Ok((claim, col!(row, "sources", "source_title")))
            })
            .collect()
    }

    /// The allegations whose case code is one of a case's (for the cases pages): every case with
    /// its allegations, suspects and outcome.
    pub async fn all_cases(&self) -> Result<Vec<Case>> {
        let ids: Vec<String> =
            sqlx::query_scalar("SELECT id FROM cases ORDER BY opened_on, id").fetch_all(&self.pool).await?;
        let mut cases = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(case) = self.case(&CaseId::parse(&id).map_err(|e| corrupt("cases", "id", e))?).await? {
                cases.push(case);
            }
        }
        Ok(cases)
    }

    pub async fn case(&self, id: &CaseId) -> Result<Option<Case>> {
        let Some(row) =
            sqlx::query("SELECT * FROM cases WHERE id = $1").bind(id.as_str()).fetch_optional(&self.pool).await?
        else {
            return Ok(None);
        };
        let charges: String = row.try_get("charges")?;
        let allegation_ids = sqlx::query_scalar::<_, String>(
            "SELECT allegation_id FROM case_allegations WHERE case_id = $1 ORDER BY allegation_id",
        )
        .bind(id.as_str())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|a| AllegationId::parse(a).map_err(|e| corrupt("case_allegations", "allegation_id", e)))
        .collect::<Result<Vec<_>>>()?;
        let suspects = sqlx::query("SELECT * FROM case_suspects WHERE case_id = $1 ORDER BY position")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|s| {
                Ok(Suspect {
                    person_id: col!(s, "case_suspects", "person_id", PersonId::parse),
                    unit_id: opt_col!(s, "case_suspects", "unit_id", UnitId::parse),
                    rank: opt_col!(s, "case_suspects", "rank"),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(Case {
            id: id.clone(),
            number: col!(row, "cases", "number"),
            title: col!(row, "cases", "title"),
            opened_on: col!(row, "cases", "opened_on", date),
            allegation_ids,
            suspects,
            charges: serde_json::from_str(&charges).map_err(|e| corrupt("cases", "charges", e))?,
            outcome: col!(row, "cases", "outcome", CaseOutcome::parse),
        }))
    }
}
