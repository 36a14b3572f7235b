//! Changes: the payloads of the append-only event log. Every mutation of the state is one change,
//! committed in the same transaction as the state it produces; replaying the changes in order
//! rebuilds the state exactly.
//!
//! This is a persisted format. Payloads are JSON with the change kind in `kind`; their version is
//! [`PAYLOAD_VERSION`]. Add kinds and optional fields freely; never rename or remove one: bump the
//! version and keep reading the old one instead.

use serde::{Deserialize, Serialize};

use crate::date::Timestamp;
use crate::entity::*;
use crate::id::*;
use crate::protected::Sealed;
use crate::registry::*;

/// The version of the payload format written today.
pub const PAYLOAD_VERSION: i32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    UserAdded {
        user: User,
    },
    UserLocaleSet {
        user_id: UserId,
        locale: Locale,
    },
    UserPasswordSet {
        user_id: UserId,
        password_hash: String,
    },
    SourceRegistered {
        source: Source,
    },
    RecordsImported {
        source_id: SourceId,
        records: Vec<Record>,
    },
    PersonsAdded {
        persons: Vec<Person>,
    },
    RecordsLinked {
        person_id: PersonId,
        record_ids: Vec<RecordId>,
    },
    IncidentsRecorded {
        incidents: Vec<Incident>,
    },
    AllegationsRegistered {
        allegations: Vec<Allegation>,
    },
    AllegationStatusChanged {
        allegation_id: AllegationId,
        step: AllegationStatusEvent,
    },
    CasesOpened {
        cases: Vec<Case>,
    },
    UnitsAdded {
        units: Vec<Unit>,
    },
    PostingsAdded {
        postings: Vec<Posting>,
    },
    DeploymentsAdded {
        deployments: Vec<Deployment>,
    },
    AssistanceAdded {
        assistance: Vec<Assistance>,
    },
    AttributionsAdded {
        attributions: Vec<Attribution>,
    },
    EvidenceRegistered {
        evidence: Evidence,
    },
    /// The next entry of an evidence item's custody log (received, viewed, exported, transferred);
    /// applying it checks that it follows the item's last entry.
    CustodyRecorded {
        entry: crate::custody::CustodyEntry,
    },
    TestimoniesRecorded {
        testimonies: Vec<Testimony>,
    },
    ClaimsRecorded {
        claims: Vec<Claim>,
    },
    VettingRequestCreated {
        request: VettingRequest,
    },
    /// A file was imported into a source; its records follow in `ImportRecordsAdded` changes of
    /// the same transaction. Also makes the import's mapping the source's saved mapping.
    ListImported {
        import: Import,
    },
    ImportRecordsAdded {
        import_id: ImportId,
        source_id: SourceId,
        records: Vec<Record>,
    },
    ColumnMappingSet {
        source_id: SourceId,
        mapping: ColumnMapping,
    },
    /// A link run; its pairs and registry changes follow in the same transaction.
    LinkRunRecorded {
        run: LinkRun,
    },
    CandidatePairsScored {
        run_id: LinkRunId,
        pairs: Vec<CandidatePair>,
    },
    /// Records assigned to registry persons by a link run.
    RegistryRelinked {
        run_id: LinkRunId,
        effect: RegistryEffect,
    },
    PairDecided {
        decision: PairDecision,
    },
    /// A decision withdrawn: its effect is reversed (`effect` is the inverse of the decision's).
    PairDecisionUndone {
        decision_id: DecisionId,
        undone_at: Timestamp,
        undone_by: String,
        effect: RegistryEffect,
    },
    /// A user confirmed a TOTP second factor; the secret is sealed, never in clear.
    UserTotpEnrolled {
        user_id: UserId,
        secret: Sealed,
    },
    /// Too many failed sign-ins: the account refuses sign-in until `until`.
    AccountLocked {
        user_id: UserId,
        until: Timestamp,
        failures: u32,
    },
    /// A locked account signed in again after its lock ran out (or was lifted).
    AccountUnlocked {
        user_id: UserId,
    },
    /// A user was shown protected fields of a record in clear: the read audit, committed before
    /// the value is shown ("who looked at this witness's identity"). Changes no state.
    ProtectedRead {
        record: ProtectedRecord,
        fields: Vec<ProtectedField>,
    },
    /// The master key changed: every data key (outside the log) was rewrapped from the key `from`
    /// to the key `to` (public key ids, never keys). Changes no state.
    MasterKeyRotated {
        from: String,
        to: String,
        n_keys: u64,
    },
    /// An administrator removed a user's second factor (a lost device); they enrol again.
    UserTotpReset {
        user_id: UserId,
    },
    /// A user's new recovery codes for the second factor, as digests; they replace any earlier ones.
    RecoveryCodesGenerated {
        user_id: UserId,
        digests: Vec<String>,
    },
    /// A recovery code stood in for the second factor once; it is spent.
    RecoveryCodeUsed {
        user_id: UserId,
        digest: String,
    },
    /// The application's key signed the chain's head (an earlier event: never this one).
    CheckpointSigned {
        checkpoint: crate::publish::Checkpoint,
    },
    /// A reviewer approved a release; its bundle's files are carried whole.
    ReleasePublished {
        release: crate::publish::Release,
    },
    /// An allegation's complainant may follow it on the status page: its case code and the argon2id
    /// digest (PHC string) of the passphrase they were given once. A second one replaces the first
    /// (a rotated passphrase).
    ComplainantAccessIssued {
        allegation_id: AllegationId,
        code: String,
        passphrase_digest: String,
    },
    /// A complaint (and perhaps its testimony) was withdrawn: recorded, never deleted.
    WithdrawalRecorded {
        withdrawal: Withdrawal,
    },
    /// Pressure on a complainant or witness was reported: urgent, internal.
    PressureReported {
        report: PressureReport,
    },
    /// An allegation's Istanbul or Minnesota Protocol details and alleged perpetrators were set
    /// (replacing the earlier ones).
    AllegationDetailsSet {
        allegation_id: AllegationId,
        perpetrators: Vec<AllegedPerpetrator>,
        details: Option<AllegationDetails>,
    },
    /// A request's nominees screened against the registry; its hits replace the request's earlier ones.
    VettingScreened {
        screening: crate::vetting::Screening,
    },
    /// A vetting officer decided on a nominee; earlier decisions stay as history.
    NomineeDecided {
        decision: crate::vetting::VettingDecision,
    },
    /// The host government was told that assistance is withheld.
    DutyToInformRecorded {
        record: crate::vetting::DutyToInform,
    },
}

/// A record that holds protected fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum ProtectedRecord {
    Testimony(TestimonyId),
    Allegation(AllegationId),
}

/// A protected field, as named in the read audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProtectedField {
    WitnessIdentity,
    WitnessContact,
    TestimonyText,
    ComplainantIdentity,
    Medical,
}

impl ProtectedField {
    /// The message id of the field's label on pages.
    pub fn message_id(self) -> &'static str {
        match self {
            ProtectedField::WitnessIdentity => "field-witness",
            ProtectedField::WitnessContact => "field-contact",
            ProtectedField::TestimonyText => "field-statement",
            ProtectedField::ComplainantIdentity => "field-complainant",
            ProtectedField::Medical => "field-medical",
        }
    }
}

impl Change {
    /// The kind as written in the event log's `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::UserAdded { .. } => "user-added",
            Change::UserLocaleSet { .. } => "user-locale-set",
            Change::UserPasswordSet { .. } => "user-password-set",
            Change::SourceRegistered { .. } => "source-registered",
            Change::RecordsImported { .. } => "records-imported",
            Change::PersonsAdded { .. } => "persons-added",
            Change::RecordsLinked { .. } => "records-linked",
            Change::IncidentsRecorded { .. } => "incidents-recorded",
            Change::AllegationsRegistered { .. } => "allegations-registered",
            Change::AllegationStatusChanged { .. } => "allegation-status-changed",
            Change::CasesOpened { .. } => "cases-opened",
            Change::UnitsAdded { .. } => "units-added",
            Change::PostingsAdded { .. } => "postings-added",
            Change::DeploymentsAdded { .. } => "deployments-added",
            Change::AssistanceAdded { .. } => "assistance-added",
            Change::AttributionsAdded { .. } => "attributions-added",
            Change::EvidenceRegistered { .. } => "evidence-registered",
            Change::CustodyRecorded { .. } => "custody-recorded",
            Change::TestimoniesRecorded { .. } => "testimonies-recorded",
            Change::ClaimsRecorded { .. } => "claims-recorded",
            Change::VettingRequestCreated { .. } => "vetting-request-created",
            Change::ListImported { .. } => "list-imported",
            Change::ImportRecordsAdded { .. } => "import-records-added",
            Change::ColumnMappingSet { .. } => "column-mapping-set",
            Change::LinkRunRecorded { .. } => "link-run-recorded",
            Change::CandidatePairsScored { .. } => "candidate-pairs-scored",
            Change::RegistryRelinked { .. } => "registry-relinked",
            Change::PairDecided { .. } => "pair-decided",
            Change::PairDecisionUndone { .. } => "pair-decision-undone",
            Change::UserTotpEnrolled { .. } => "user-totp-enrolled",
            Change::AccountLocked { .. } => "account-locked",
            Change::AccountUnlocked { .. } => "account-unlocked",
            Change::ProtectedRead { .. } => "protected-read",
            Change::MasterKeyRotated { .. } => "master-key-rotated",
            Change::UserTotpReset { .. } => "user-totp-reset",
            Change::RecoveryCodesGenerated { .. } => "recovery-codes-generated",
            Change::RecoveryCodeUsed { .. } => "recovery-code-used",
            Change::CheckpointSigned { .. } => "checkpoint-signed",
            Change::ReleasePublished { .. } => "release-published",
            Change::ComplainantAccessIssued { .. } => "complainant-access-issued",
            Change::WithdrawalRecorded { .. } => "withdrawal-recorded",
            Change::PressureReported { .. } => "pressure-reported",
            Change::AllegationDetailsSet { .. } => "allegation-details-set",
            Change::VettingScreened { .. } => "vetting-screened",
            Change::NomineeDecided { .. } => "nominee-decided",
            Change::DutyToInformRecorded { .. } => "duty-to-inform-recorded",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_matches_the_serialised_tag() {
        let change = Change::UserLocaleSet { user_id: UserId::from_bits(7), locale: Locale::Kk };
        let json = serde_json::to_value(&change).unwrap();
        assert_eq!(json["kind"], change.kind());
        assert_eq!(serde_json::from_value::<Change>(json).unwrap(), change);
    }
}
