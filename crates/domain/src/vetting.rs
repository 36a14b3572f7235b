//! Vetting: the screening of a request's nominees against the registry (hits with their chain of
//! evidence), the vetting officer's decision on each nominee, and the duty-to-inform record.
//!
//! Leahy vetting as practised (shared/research/screening.md, section 4): a nominee is approved,
//! suspended (a suspension lapses after 30 days without resolution) or rejected for a reason; when
//! assistance is withheld the host government is told (the duty to inform). The officer judges the
//! credibility of the information, so a hit carries its evidence, never a bare verdict.
//!
//! Pure: the standing of a nominee is computed from the decisions and a `now` passed in.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::date::FuzzyDate;
use crate::date::Timestamp;
use crate::entity::{AssistanceKind, Confidence, Reliability, Subject, code_enum};
use crate::id::*;

/// How long a suspension stands before it lapses unless resolved by a later decision.
pub const SUSPENSION_DAYS: i64 = 30;

const DAY_MILLIS: i64 = 24 * 60 * 60 * 1000;

code_enum! {
    /// A vetting officer's verdict on one nominee.
    Verdict, "verdict" {
        Approved = "approved",
        /// Held back pending more information; lapses after [`SUSPENSION_DAYS`].
        Suspended = "suspended",
        Rejected = "rejected",
    }
}

code_enum! {
    /// Why a nominee was rejected or suspended (the categories of the State Department's report).
    ReasonCode, "reason code" {
        /// Credible information of a gross violation of human rights by the nominee.
        GrossViolation = "gross-violation",
        /// The nominee's unit is implicated (the bar is on the unit).
        UnitImplicated = "unit-implicated",
        /// A human-rights assessment is pending.
        PendingAssessment = "pending-assessment",
        /// Derogatory information other than a gross violation (crime, corruption).
        OtherDerogatory = "other-derogatory",
        /// The nomination lacks what is needed to vet it (no birth date, no unit).
        IncompleteInformation = "incomplete-information",
    }
}

/// One decision on one nominee, by a named reviewer. Later decisions supersede earlier ones; all
/// are kept (the history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VettingDecision {
    pub id: VettingDecisionId,
    pub request_id: VettingRequestId,
    pub nominee_id: NomineeId,
    pub verdict: Verdict,
    /// Required for a rejection.
    pub reason: Option<ReasonCode>,
    /// Why: required for a rejection, optional otherwise.
    pub rationale: String,
    /// The reviewer's account (absent when the system decided, in tests and loaders).
    pub reviewer_id: Option<UserId>,
    /// The reviewer's name as it was when they decided.
    pub reviewer_name: String,
    pub decided_at: Timestamp,
}

impl VettingDecision {
    /// Checks what a decision must carry: a rejection its reason and rationale, every decision a
    /// reviewer's name.
    pub fn validate(&self) -> Result<(), Error> {
        if self.reviewer_name.trim().is_empty() {
            return Err(Error::Empty { what: "reviewer name" });
        }
        if self.verdict == Verdict::Rejected {
            if self.reason.is_none() {
                return Err(Error::Empty { what: "reason code of a rejection" });
            }
            if self.rationale.trim().is_empty() {
                return Err(Error::Empty { what: "rationale of a rejection" });
            }
        }
        Ok(())
    }

    /// When a suspension lapses; `None` for other verdicts.
    pub fn suspension_ends(&self) -> Option<Timestamp> {
        (self.verdict == Verdict::Suspended)
            .then(|| Timestamp::from_millis(self.decided_at.as_millis().saturating_add(SUSPENSION_DAYS * DAY_MILLIS)))
    }
}

/// Where a nominee stands at a moment: computed from their latest decision and `now`, never stored
/// (a suspension lapses without an event).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Undecided,
    Approved,
    Suspended {
        until: Timestamp,
    },
    /// A suspension not resolved within [`SUSPENSION_DAYS`]: the nomination is void until decided again.
    SuspensionExpired {
        since: Timestamp,
    },
    Rejected,
}

impl Standing {
    /// The standing given by the latest decision, at `now`.
    pub fn at(latest: Option<&VettingDecision>, now: Timestamp) -> Standing {
        let Some(decision) = latest else { return Standing::Undecided };
        match (decision.verdict, decision.suspension_ends()) {
            (Verdict::Approved, _) => Standing::Approved,
            (Verdict::Rejected, _) => Standing::Rejected,
            (Verdict::Suspended, Some(until)) if now < until => Standing::Suspended { until },
            (Verdict::Suspended, Some(since)) => Standing::SuspensionExpired { since },
            (Verdict::Suspended, None) => Standing::Undecided,
        }
    }

    /// A stable code for pages and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Undecided => "undecided",
            Standing::Approved => "approved",
            Standing::Suspended { .. } => "suspended",
            Standing::SuspensionExpired { .. } => "suspension-expired",
            Standing::Rejected => "rejected",
        }
    }

    /// Approved or rejected: nothing more to do for this nominee.
    pub fn is_final(self) -> bool {
        matches!(self, Standing::Approved | Standing::Rejected)
    }
}

/// Where a whole request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestStatus {
    /// No nominee decided yet.
    Open,
    /// Some nominees decided, or some suspended.
    InReview,
    /// Every nominee approved or rejected.
    Decided,
}

impl RequestStatus {
    pub fn of(standings: &[Standing]) -> RequestStatus {
        if !standings.is_empty() && standings.iter().all(|s| s.is_final()) {
            RequestStatus::Decided
        } else if standings.iter().all(|s| *s == Standing::Undecided) {
            RequestStatus::Open
        } else {
            RequestStatus::InReview
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::InReview => "in-review",
            RequestStatus::Decided => "decided",
        }
    }
}

/// The record that the host government was told that assistance is withheld (the duty to inform).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyToInform {
    pub id: DutyToInformId,
    pub request_id: VettingRequestId,
    /// The nominee concerned, or none when the notice covers the whole request.
    pub nominee_id: Option<NomineeId>,
    /// The day the authority was informed.
    pub informed_on: Date,
    /// Whom: the ministry or office told.
    pub authority: String,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: Timestamp,
}

impl DutyToInform {
    pub fn validate(&self) -> Result<(), Error> {
        if self.authority.trim().is_empty() {
            return Err(Error::Empty { what: "informed authority" });
        }
        if self.recorded_by.trim().is_empty() {
            return Err(Error::Empty { what: "recorded by" });
        }
        Ok(())
    }
}

/// A source of a hit's evidence, with what the officer needs to weigh it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    pub id: SourceId,
    pub title: String,
    pub reliability: Reliability,
}

/// A link that ties a hit's entity to the subject of an attribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum HitLink {
    /// The matched person's posting to a unit, whose dates cover the incident.
    Posting {
        posting_id: PostingId,
        person_id: PersonId,
        unit_id: UnitId,
        unit_name: String,
        role: String,
        rank: Option<String>,
        start: Option<Date>,
        end: Option<Date>,
        source: Option<SourceRef>,
    },
    /// `child` was part of `parent` for these dates, which cover the incident.
    Parent {
        child_id: UnitId,
        child_name: String,
        parent_id: UnitId,
        parent_name: String,
        valid_from: Option<Date>,
        valid_to: Option<Date>,
    },
}

/// One link of a hit's chain of evidence: an incident, the attribution that ties it to a registry
/// unit or person (role, confidence, sources with their reliability), and the postings and parent
/// relations from the hit's entity to that subject. Kept as the officer saw it when screened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HitEvidence {
    pub incident_id: IncidentId,
    pub incident_title: String,
    pub incident_date: FuzzyDate,
    /// The place as named at the time of the incident.
    pub place: String,
    pub attribution_id: AttributionId,
    /// The unit or person the attribution names.
    pub subject: Subject,
    pub subject_name: String,
    pub role: String,
    pub confidence: Confidence,
    pub sources: Vec<SourceRef>,
    /// From the hit's entity to the subject; empty when the attribution names the entity itself.
    pub via: Vec<HitLink>,
}

/// Assistance the hit's entity received before the activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HitAssistance {
    pub assistance_id: AssistanceId,
    pub kind: AssistanceKind,
    pub provider: String,
    pub programme: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub source: Option<SourceRef>,
}

/// A registry unit or person that a nominee may be, about which the registry holds implicating
/// information, with the engine's score, reason, explanation and chain of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningHit {
    pub nominee_id: NomineeId,
    pub entity: Subject,
    pub entity_name: String,
    /// How sure the engine is that the nominee is the entity, in parts per million (0 to
    /// 1,000,000), so that it reads back exactly; not the weight of the information.
    pub score_ppm: u32,
    /// The engine's reason code (`person-implicated`, `served-in-implicated-unit`, ...).
    pub reason: String,
    pub explanation: String,
    #[serde(default)]
    pub match_explanation: Vec<String>,
    pub evidence: Vec<HitEvidence>,
    #[serde(default)]
    pub assistance: Vec<HitAssistance>,
}

/// A screening of a request's nominees against the registry as it stood at event `registry_seq`.
/// The latest screening's hits are the request's hits; earlier ones stay in the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screening {
    pub request_id: VettingRequestId,
    pub screened_at: Timestamp,
    pub registry_seq: i64,
    pub hits: Vec<ScreeningHit>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(verdict: Verdict, at: i64) -> VettingDecision {
        VettingDecision {
            id: VettingDecisionId::from_bits(1),
            request_id: VettingRequestId::from_bits(2),
            nominee_id: NomineeId::from_bits(3),
            verdict,
            reason: None,
            rationale: String::new(),
            reviewer_id: None,
            reviewer_name: "Officer".to_owned(),
            decided_at: Timestamp::from_millis(at),
        }
    }

    fn check(verdict: Option<Verdict>, days_later: i64, expect: &str) {
        let latest = verdict.map(|v| decision(v, 0));
        let now = Timestamp::from_millis(days_later * DAY_MILLIS);
        assert_eq!(Standing::at(latest.as_ref(), now).as_str(), expect, "{verdict:?} after {days_later} days");
    }

    #[test]
    fn suspensions_lapse_after_thirty_days() {
        check(None, 0, "undecided");
        check(Some(Verdict::Approved), 400, "approved");
        check(Some(Verdict::Rejected), 400, "rejected");
        check(Some(Verdict::Suspended), 0, "suspended");
        check(Some(Verdict::Suspended), 29, "suspended");
        check(Some(Verdict::Suspended), 30, "suspension-expired");
        check(Some(Verdict::Suspended), 90, "suspension-expired");
    }

    #[test]
    fn a_rejection_needs_reason_and_rationale() {
        let mut rejected = decision(Verdict::Rejected, 0);
        assert_eq!(rejected.validate(), Err(Error::Empty { what: "reason code of a rejection" }));
        rejected.reason = Some(ReasonCode::GrossViolation);
        assert_eq!(rejected.validate(), Err(Error::Empty { what: "rationale of a rejection" }));
        rejected.rationale = "Attributed killings in Almaty, 5 January 2022".to_owned();
        assert_eq!(rejected.validate(), Ok(()));
        assert_eq!(decision(Verdict::Approved, 0).validate(), Ok(()));
    }

    #[test]
    fn a_request_is_decided_when_every_nominee_is_approved_or_rejected() {
        let until = Timestamp::from_millis(1);
        let check = |standings: &[Standing], expect: RequestStatus| assert_eq!(RequestStatus::of(standings), expect);
        check(&[], RequestStatus::Open);
        check(&[Standing::Undecided, Standing::Undecided], RequestStatus::Open);
        check(&[Standing::Approved, Standing::Undecided], RequestStatus::InReview);
        check(&[Standing::Approved, Standing::Suspended { until }], RequestStatus::InReview);
        check(&[Standing::Approved, Standing::SuspensionExpired { since: until }], RequestStatus::InReview);
        check(&[Standing::Approved, Standing::Rejected], RequestStatus::Decided);
    }
}
