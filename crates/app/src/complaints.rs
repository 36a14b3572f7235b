//! Complaints: intake with the complainant's access to the status page, the status page itself,
//! steps of the timeline, withdrawals and reported pressure.
//!
//! The status page has no accounts. A complainant gives the case code and the passphrase they were
//! handed once at intake; only an argon2id digest of the passphrase is kept. A wrong code and a
//! wrong passphrase get the same [`StatusCheck::Refused`] after the same argon2 work (a decoy digest
//! stands in for an unknown code), and tries are throttled per client address and per code outside
//! the log (the sign-in's `login_throttle` rows, under their own key prefixes), so the limit holds
//! across processes.

use std::sync::atomic::{AtomicU64, Ordering};

use domain::access::{Action, Actor, authorize};
use domain::change::Change;
use domain::date::Timestamp;
use domain::entity::*;
use domain::id::*;
use domain::protected::Protected;

use crate::throttle::{self, LoginPolicy};
use crate::{App, Error, Result};

/// A complainant's access to the status page, shown once to the investigator at intake or rotation.
#[derive(Debug, Clone)]
pub struct IssuedAccess {
    pub allegation_id: AllegationId,
    pub code: String,
    pub passphrase: Protected<String>,
}

/// One step of the timeline as the complainant sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedStep {
    pub status: AllegationStatus,
    pub on: jiff::civil::Date,
    pub note: String,
    pub closure_reason: Option<ClosureReason>,
    pub verdict: Option<VerdictKind>,
}

/// What the status page shows: the shareable steps, and when the complainant last reported pressure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplainantStatus {
    pub code: String,
    pub kind: ViolationKind,
    pub steps: Vec<SharedStep>,
    pub pressure_reported_at: Option<Timestamp>,
}

/// The answer to a status check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusCheck {
    Found(ComplainantStatus),
    /// Wrong code or wrong passphrase: the same answer for both.
    Refused,
    /// Too many tries from this address or for this code: wait.
    TooManyAttempts {
        retry_after_seconds: i64,
    },
}

/// The allegation's side of an intake: what the investigator types in.
#[derive(Debug, Clone)]
pub struct Intake {
    pub incident_id: Option<IncidentId>,
    pub kind: ViolationKind,
    pub complainant: Protected<String>,
    pub medical: Option<Protected<String>>,
    pub registration_number: Option<String>,
    pub handling_body: Option<String>,
    pub registered_on: jiff::civil::Date,
    pub note: String,
    pub perpetrators: Vec<AllegedPerpetrator>,
    pub details: Option<AllegationDetails>,
}

/// A withdrawal as recorded by an investigator: the testimony withdrawn with the complaint (if
/// any), when, why, and what surrounded it.
#[derive(Debug, Clone, Copy)]
pub struct WithdrawalRequest<'a> {
    pub testimony_id: Option<&'a str>,
    pub on: jiff::civil::Date,
    pub reason: &'a str,
    pub circumstances: &'a str,
}

/// The throttle's key for a client address on the status page (apart from the sign-in's).
fn address_key(client: &str) -> String {
    format!("status-address:{client}")
}

fn code_key(code: &str) -> String {
    format!("status-code:{code}")
}

/// A code as typed (any case, spaces, with or without its hyphen) in its stored form `XXXX-XXXX`;
/// anything else as it came, upper-cased, so that it is counted and refused like any wrong code.
pub fn normalize_code(code: &str) -> String {
    let chars: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    if chars.len() == 8 {
        format!("{}-{}", &chars[..4], &chars[4..])
    } else {
        code.trim().to_uppercase().chars().take(64).collect()
    }
}

/// A passphrase as typed, in the form that is hashed: lower case, no spaces or hyphens, so that
/// `abcd-efgh` and `ABCD EFGH` are the same.
fn normalize_passphrase(passphrase: &str) -> String {
    passphrase.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

fn seconds_up(millis: i64) -> i64 {
    (millis + 999).div_euclid(1000).max(1)
}

/// Counts the argon2 verifications of status passphrases, so tests can tell that a wrong code and a
/// wrong passphrase both cost one.
#[derive(Debug, Default)]
pub(crate) struct PassphraseChecks(AtomicU64);

impl App {
    /// How many status passphrases this process has checked with argon2 (for tests).
    #[doc(hidden)]
    pub fn passphrase_checks(&self) -> u64 {
        self.passphrase_checks.0.load(Ordering::SeqCst)
    }

    /// Sets how status-page failures are throttled: `account_failures` per code, `address_failures`
    /// per client address (tests use small numbers).
    pub fn set_status_policy(&mut self, policy: LoginPolicy) {
        self.status_policy = policy;
    }

    /// Takes a complaint in: registers the allegation (its protected fields sealed) and gives its
    /// complainant a case code and a passphrase, in one transaction. The passphrase is returned
    /// once and kept only as a digest.
    pub async fn take_complaint(&self, actor: &Actor, now: Timestamp, intake: Intake) -> Result<IssuedAccess> {
        authorize(actor, Action::TakeComplaints)?;
        if intake.complainant.expose().trim().is_empty() {
            return Err(Error::BadInput { what: "complainant", detail: "name the complainant".to_owned() });
        }
        if let Some(id) = &intake.incident_id
            && self.store.incident(id).await?.is_none()
        {
            return Err(Error::NotFound { what: "incident", id: id.to_string() });
        }
        let id = AllegationId::from_bits(crypto::token::random_bits());
        let mut keys = Vec::new();
        let allegation = Allegation {
            complainant: self.seal_stored(&mut keys, &intake.complainant),
            medical: intake.medical.as_ref().map(|m| self.seal_stored(&mut keys, m)),
            id: id.clone(),
            incident_id: intake.incident_id,
            victim: None,
            kind: intake.kind,
            registration_number: intake.registration_number,
            handling_body: intake.handling_body,
            timeline: vec![AllegationStatusEvent::new(
                AllegationStatus::Registered,
                intake.registered_on,
                true,
                if intake.note.trim().is_empty() { "Complaint registered.".to_owned() } else { intake.note },
            )],
            perpetrators: intake.perpetrators,
            details: intake.details,
        };
        let (code, passphrase, digest) = self.new_access(None).await?;
        let changes = [
            Change::AllegationsRegistered { allegations: vec![allegation] },
            Change::ComplainantAccessIssued {
                allegation_id: id.clone(),
                code: code.clone(),
                passphrase_digest: digest,
            },
        ];
        self.commit_sealed(actor, now, Action::TakeComplaints, &changes, &keys).await?;
        Ok(IssuedAccess { allegation_id: id, code, passphrase })
    }

    /// Gives an allegation's complainant a new passphrase (keeping the case code, or making one if
    /// it had none): the old passphrase stops working. The new one is returned once.
    pub async fn rotate_passphrase(&self, actor: &Actor, now: Timestamp, allegation_id: &str) -> Result<IssuedAccess> {
        authorize(actor, Action::TakeComplaints)?;
        let id = AllegationId::parse(allegation_id)?;
        if self.store.allegation(&id).await?.is_none() {
            return Err(Error::NotFound { what: "allegation", id: id.to_string() });
        }
        let existing = self.store.status_code(&id).await?;
        let (code, passphrase, digest) = self.new_access(existing).await?;
        let change = Change::ComplainantAccessIssued {
            allegation_id: id.clone(),
            code: code.clone(),
            passphrase_digest: digest,
        };
        self.commit(actor, now, Action::TakeComplaints, change).await?;
        Ok(IssuedAccess { allegation_id: id, code, passphrase })
    }

    /// A code (the one given, or a new one no allegation has), a passphrase and its digest.
    async fn new_access(&self, code: Option<String>) -> Result<(String, Protected<String>, String)> {
        let code = match code {
            Some(code) => code,
            None => {
                let mut fresh = None;
                for _ in 0..16 {
                    let candidate = crypto::token::random_case_code();
                    if self.store.complainant_access(&candidate).await?.is_none() {
                        fresh = Some(candidate);
                        break;
                    }
                }
                fresh.ok_or_else(|| Error::Conflict("no free case code".to_owned()))?
            }
        };
        let passphrase = crypto::token::random_password();
        let normalized = normalize_passphrase(&passphrase);
        let digest = tokio::task::spawn_blocking(move || crypto::password::hash_password(&normalized))
            .await
            .map_err(|e| Error::Conflict(e.to_string()))??;
        Ok((code, Protected::new(passphrase), digest))
    }

    /// The complainant's status page: the shareable steps of the allegation that `code` names, when
    /// `passphrase` is its passphrase.
    pub async fn complainant_status(
        &self,
        code: &str,
        passphrase: &Protected<String>,
        client: &str,
        now: Timestamp,
    ) -> Result<StatusCheck> {
        let id = match self.check_complainant(code, passphrase, client, now).await? {
            Ok(id) => id,
            Err(answer) => return Ok(answer),
        };
        let actor = Actor::Complainant(id.clone());
        self.status_of(&actor, &id).await
    }

    /// "I am being pressured": the complainant reports pressure from the status page, an urgent
    /// internal event for the investigators. Answers with the status page, as a check would.
    pub async fn complainant_reports_pressure(
        &self,
        code: &str,
        passphrase: &Protected<String>,
        client: &str,
        now: Timestamp,
        circumstances: &str,
    ) -> Result<StatusCheck> {
        let id = match self.check_complainant(code, passphrase, client, now).await? {
            Ok(id) => id,
            Err(answer) => return Ok(answer),
        };
        let actor = Actor::Complainant(id.clone());
        let report = PressureReport {
            id: PressureReportId::from_bits(crypto::token::random_bits()),
            allegation_id: id.clone(),
            at: now,
            reported_by: ReportedBy::Complainant,
            circumstances: circumstances.trim().chars().take(2000).collect(),
        };
        self.commit(&actor, now, Action::FollowOwnComplaint, Change::PressureReported { report }).await?;
        tracing::warn!("a complainant reported pressure");
        self.status_of(&actor, &id).await
    }

    async fn status_of(&self, actor: &Actor, id: &AllegationId) -> Result<StatusCheck> {
        authorize(actor, Action::FollowOwnComplaint)?;
        if *actor != Actor::Complainant(id.clone()) {
            return Err(Error::Denied(domain::access::Denied {
                role: actor.role(),
                action: Action::FollowOwnComplaint,
            }));
        }
        let allegation = self
            .store
            .allegation(id)
            .await?
            .ok_or_else(|| Error::NotFound { what: "allegation", id: id.to_string() })?;
        let code = self.store.status_code(id).await?.unwrap_or_default();
        let pressure_reported_at = self
            .store
            .pressure_reports_of(id)
            .await?
            .iter()
            .filter(|r| r.reported_by == ReportedBy::Complainant)
            .map(|r| r.at)
            .max();
        let steps = allegation
            .timeline
            .iter()
            .filter(|step| step.shareable)
            .map(|step| SharedStep {
                status: step.status,
                on: step.on,
                note: step.note.clone(),
                closure_reason: step.closure_reason,
                verdict: step.verdict,
            })
            .collect();
        Ok(StatusCheck::Found(ComplainantStatus { code, kind: allegation.kind, steps, pressure_reported_at }))
    }

    /// The checks before the status page: the address's and the code's throttles, then the
    /// passphrase against the code's digest (or a decoy's, for a code nobody has). `Err` carries
    /// the answer when they fail.
    async fn check_complainant(
        &self,
        code: &str,
        passphrase: &Protected<String>,
        client: &str,
        now: Timestamp,
    ) -> Result<std::result::Result<AllegationId, StatusCheck>> {
        let address_key = address_key(client);
        let code = normalize_code(code);
        let code_key = code_key(&code);
        for key in [&address_key, &code_key] {
            if let Some(wait) = throttle::locked_for(self.store.throttle(key).await?.as_ref(), now) {
                return Ok(Err(StatusCheck::TooManyAttempts { retry_after_seconds: seconds_up(wait) }));
            }
        }
        self.sweep_sign_in_bookkeeping(now).await?;
        let found = self.store.complainant_access(&code).await?;
        // The argon2 verification runs whatever the case, against a decoy digest for an unknown
        // code, so that the answer takes as long as for a known code and a wrong passphrase.
        let digest = found.as_ref().map(|(_, digest)| digest.clone());
        let typed = normalize_passphrase(passphrase.expose());
        let checks = self.passphrase_checks.clone();
        let matches = tokio::task::spawn_blocking(move || {
            let digest = digest.unwrap_or_else(crypto::password::decoy_hash);
            let matches = crypto::password::verify_password(&typed, &digest);
            checks.0.fetch_add(1, Ordering::SeqCst);
            matches
        })
        .await
        .unwrap_or(false);
        match found.filter(|_| matches) {
            Some((id, _)) => {
                self.store.clear_throttle(&code_key).await?;
                Ok(Ok(id))
            }
            None => {
                let policy = self.status_policy;
                let code_lock = self.count_status_failure(&code_key, now, policy.account_failures).await?;
                let address_lock = self.count_status_failure(&address_key, now, policy.address_failures).await?;
                match address_lock.or(code_lock) {
                    Some(until) => {
                        tracing::warn!("status page throttled after repeated wrong codes or passphrases");
                        let wait = seconds_up(until.as_millis() - now.as_millis());
                        Ok(Err(StatusCheck::TooManyAttempts { retry_after_seconds: wait }))
                    }
                    None => Ok(Err(StatusCheck::Refused)),
                }
            }
        }
    }

    /// One failure against a status-page key, by the same compare-and-swap as the sign-in's.
    async fn count_status_failure(&self, key: &str, now: Timestamp, limit: i64) -> Result<Option<Timestamp>> {
        for _ in 0..64 {
            let old = self.store.throttle(key).await?;
            let (new, locked) = throttle::record_failure(old, now, &self.status_policy, limit);
            if old.as_ref() == Some(&new) || self.store.swap_throttle(key, old.as_ref(), &new).await? {
                return Ok(locked.map(|(until, _)| until));
            }
        }
        Err(Error::Conflict("too many simultaneous status checks".to_owned()))
    }

    /// A new step in an allegation's timeline (shareable with the complainant or internal).
    pub async fn add_allegation_step(
        &self,
        actor: &Actor,
        now: Timestamp,
        allegation_id: &str,
        step: AllegationStatusEvent,
    ) -> Result<()> {
        authorize(actor, Action::EditRegistry)?;
        let id = AllegationId::parse(allegation_id)?;
        if self.store.allegation(&id).await?.is_none() {
            return Err(Error::NotFound { what: "allegation", id: id.to_string() });
        }
        if step.status == AllegationStatus::Withdrawn {
            return Err(Error::BadInput {
                what: "status",
                detail: "record a withdrawal with its reason and circumstances instead".to_owned(),
            });
        }
        let change = Change::AllegationStatusChanged { allegation_id: id, step };
        self.commit(actor, now, Action::EditRegistry, change).await.map(drop)
    }

    /// A withdrawal of the complaint (and perhaps of a testimony), with its reason and
    /// circumstances: recorded beside the allegation, with a `withdrawn` step in its timeline.
    /// Nothing is deleted; the allegation and the testimony stay in every count.
    pub async fn record_withdrawal(
        &self,
        actor: &Actor,
        now: Timestamp,
        allegation_id: &str,
        request: WithdrawalRequest<'_>,
    ) -> Result<WithdrawalId> {
        let WithdrawalRequest { testimony_id, on, reason, circumstances } = request;
        authorize(actor, Action::EditRegistry)?;
        let id = AllegationId::parse(allegation_id)?;
        if self.store.allegation(&id).await?.is_none() {
            return Err(Error::NotFound { what: "allegation", id: id.to_string() });
        }
        let testimony_id = match testimony_id.map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => {
                let tid = TestimonyId::parse(text)?;
                if self.store.testimony(&tid).await?.is_none() {
                    return Err(Error::NotFound { what: "testimony", id: tid.to_string() });
                }
                Some(tid)
            }
            None => None,
        };
        if reason.trim().is_empty() {
            return Err(Error::BadInput { what: "reason", detail: "say why the complaint was withdrawn".to_owned() });
        }
        let withdrawal = Withdrawal {
            id: WithdrawalId::from_bits(crypto::token::random_bits()),
            allegation_id: id.clone(),
            testimony_id,
            on,
            reason: reason.trim().to_owned(),
            circumstances: circumstances.trim().to_owned(),
        };
        let withdrawal_id = withdrawal.id.clone();
        // Internal: the complainant knows, and a status page seen by someone else should not say so.
        let step = AllegationStatusEvent::new(AllegationStatus::Withdrawn, on, false, reason.trim());
        let changes = vec![
            Change::WithdrawalRecorded { withdrawal },
            Change::AllegationStatusChanged { allegation_id: id, step },
        ];
        self.commit_all(actor, now, Action::EditRegistry, changes, &|_| ()).await?;
        Ok(withdrawal_id)
    }

    /// Pressure on the complainant or a witness, as an investigator learned of it.
    pub async fn record_pressure(
        &self,
        actor: &Actor,
        now: Timestamp,
        allegation_id: &str,
        circumstances: &str,
    ) -> Result<PressureReportId> {
        authorize(actor, Action::EditRegistry)?;
        let id = AllegationId::parse(allegation_id)?;
        if self.store.allegation(&id).await?.is_none() {
            return Err(Error::NotFound { what: "allegation", id: id.to_string() });
        }
        let report = PressureReport {
            id: PressureReportId::from_bits(crypto::token::random_bits()),
            allegation_id: id,
            at: now,
            reported_by: ReportedBy::Investigator,
            circumstances: circumstances.trim().to_owned(),
        };
        let report_id = report.id.clone();
        self.commit(actor, now, Action::EditRegistry, Change::PressureReported { report }).await?;
        Ok(report_id)
    }

    /// Withdrawals and pressure reports as loaded from elsewhere (the demo): no step is added, the
    /// timelines already hold theirs.
    pub async fn add_withdrawals_and_pressure(
        &self,
        actor: &Actor,
        now: Timestamp,
        withdrawals: Vec<Withdrawal>,
        reports: Vec<PressureReport>,
    ) -> Result<()> {
        let changes = withdrawals
            .into_iter()
            .map(|withdrawal| Change::WithdrawalRecorded { withdrawal })
            .chain(reports.into_iter().map(|report| Change::PressureReported { report }))
            .collect();
        self.commit_all(actor, now, Action::EditRegistry, changes, &|_| ()).await.map(drop)
    }

    /// Sets an allegation's alleged perpetrators and Istanbul (or Minnesota) Protocol details.
    pub async fn set_allegation_details(
        &self,
        actor: &Actor,
        now: Timestamp,
        allegation_id: &str,
        perpetrators: Vec<AllegedPerpetrator>,
        details: Option<AllegationDetails>,
    ) -> Result<()> {
        authorize(actor, Action::EditRegistry)?;
        let id = AllegationId::parse(allegation_id)?;
        if self.store.allegation(&id).await?.is_none() {
            return Err(Error::NotFound { what: "allegation", id: id.to_string() });
        }
        let change = Change::AllegationDetailsSet { allegation_id: id, perpetrators, details };
        self.commit(actor, now, Action::EditRegistry, change).await.map(drop)
    }

    /// An allegation's withdrawals and pressure reports, and whether its complainant has a code.
    pub async fn allegation_followup(
        &self,
        actor: &Actor,
        allegation_id: &str,
    ) -> Result<(Vec<Withdrawal>, Vec<PressureReport>, Option<String>)> {
        authorize(actor, Action::ReadRegistry)?;
        let id = AllegationId::parse(allegation_id)?;
        let withdrawals = self.store.withdrawals_of(&id).await?;
        let reports = self.store.pressure_reports_of(&id).await?;
        let code = self.store.status_code(&id).await?;
        use crate::classified::Withhold;
        Ok((withdrawals.withhold(actor)?, reports.withhold(actor)?, code))
    }

    /// Every allegation as a row of the investigators' list, and the latest pressure reports.
    pub async fn allegation_list(
        &self,
        actor: &Actor,
    ) -> Result<(Vec<store::complaints::AllegationRow>, Vec<PressureReport>)> {
        authorize(actor, Action::ReadRegistry)?;
        let rows = self.store.allegation_rows().await?;
        let reports = self.store.latest_pressure_reports(20).await?;
        use crate::classified::Withhold;
        Ok((rows, reports.withhold(actor)?))
    }
}

/// Whether an allegation whose last step set `deadline` is overdue on `today`.
pub fn overdue(deadline: Option<jiff::civil::Date>, today: jiff::civil::Date) -> bool {
    deadline.is_some_and(|deadline| deadline < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(typed: &str, expect: &str) {
        assert_eq!(normalize_code(typed), expect, "{typed}");
    }

    #[test]
    fn codes_are_read_in_any_case_with_or_without_the_hyphen() {
        check("k7m2-q9tx", "K7M2-Q9TX");
        check(" K7M2 Q9TX ", "K7M2-Q9TX");
        check("K7M2Q9TX", "K7M2-Q9TX");
        check("short", "SHORT");
    }

    #[test]
    fn passphrases_are_compared_without_case_spaces_or_hyphens() {
        assert_eq!(normalize_passphrase("Abcd-efgh ijkl"), "abcdefghijkl");
    }

    #[test]
    fn a_step_past_its_deadline_is_overdue() {
        let d = jiff::civil::date(2022, 3, 1);
        assert!(overdue(Some(d), jiff::civil::date(2022, 3, 2)));
        assert!(!overdue(Some(d), d));
        assert!(!overdue(None, d));
    }
}
