//! The entities of the data model (DESIGN.md, "Data model"): what is stored and shown.
//!
//! Enumerations are stored and sent as their lower-case codes ([`Role::as_str`] and friends).
//! Fields that identify or endanger people are [`Sealed`], never plain strings.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::date::{FuzzyDate, Timestamp};
use crate::id::*;
use crate::protected::Sealed;

/// An enumeration with stable lower-case codes used in storage, URLs and the API.
macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($(#[$vdoc:meta])* $variant:ident = $code:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $name { $($(#[$vdoc])* $variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code,)* }
            }

            pub fn parse(code: &str) -> Result<Self, crate::Error> {
                match code {
                    $($code => Ok($name::$variant),)*
                    _ => Err(crate::Error::UnknownVariant { what: $what, value: code.to_owned() }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl TryFrom<String> for $name {
            type Error = crate::Error;
            fn try_from(code: String) -> Result<Self, crate::Error> {
                $name::parse(&code)
            }
        }

        impl From<$name> for &'static str {
            fn from(value: $name) -> &'static str {
                value.as_str()
            }
        }
    };
}
pub(crate) use code_enum;

code_enum! {
    /// What a user may do is decided by their role (see [`crate::access`]).
    Role, "role" {
        Administrator = "administrator",
        Investigator = "investigator",
        /// Statistics and linkage review.
        Analyst = "analyst",
        VettingOfficer = "vetting-officer",
        /// Approves publication.
        Reviewer = "reviewer",
        /// Sees the status page of their own case only.
        Complainant = "complainant",
        /// Sees published releases only.
        Public = "public",
    }
}

code_enum! {
    /// The language of the user interface.
    Locale, "locale" {
        En = "en",
        Ru = "ru",
        Kk = "kk",
    }
}

code_enum! {
    Gender, "gender" {
        Male = "m",
        Female = "f",
    }
}

code_enum! {
    /// The writing system a name is written in.
    Script, "script" {
        /// Kazakh Cyrillic (with ә ғ қ ң ө ұ ү һ і).
        CyrillicKazakh = "cyrl-kk",
        /// Russian Cyrillic.
        CyrillicRussian = "cyrl-ru",
        Latin = "latn",
    }
}

code_enum! {
    SourceKind, "source kind" {
        OfficialList = "official-list",
        NgoList = "ngo-list",
        MediaList = "media-list",
        MorgueList = "morgue-list",
        FamilyReport = "family-report",
        Document = "document",
        Dataset = "dataset",
        Interview = "interview",
        MediaItem = "media-item",
    }
}

code_enum! {
    /// Source reliability on the admiralty scale (A completely reliable .. F cannot be judged).
    Reliability, "reliability" {
        A = "a",
        B = "b",
        C = "c",
        D = "d",
        E = "e",
        F = "f",
    }
}

code_enum! {
    ViolationKind, "violation kind" {
        Killing = "killing",
        Injury = "injury",
        ArbitraryDetention = "arbitrary-detention",
        Torture = "torture",
        DeathInCustody = "death-in-custody",
        EnforcedDisappearance = "enforced-disappearance",
    }
}

code_enum! {
    /// Where an allegation stands; each change is an [`AllegationStatusEvent`].
    AllegationStatus, "allegation status" {
        Registered = "registered",
        Examination = "examination",
        InvestigationOpened = "investigation-opened",
        SuspectsIdentified = "suspects-identified",
        Charged = "charged",
        Closed = "closed",
        Tried = "tried",
        Verdict = "verdict",
        Appeal = "appeal",
        Withdrawn = "withdrawn",
    }
}

code_enum! {
    CaseOutcome, "case outcome" {
        Pending = "pending",
        NoCorpusDelicti = "no-corpus-delicti",
        PerpetratorNotIdentified = "perpetrator-not-identified",
        Reconciliation = "reconciliation",
        PleaBargain = "plea-bargain",
        Amnesty = "amnesty",
        ConditionalSentence = "conditional-sentence",
        Acquittal = "acquittal",
        Conviction = "conviction",
    }
}

code_enum! {
    /// Why an investigation (or a refusal to open one) was closed.
    ClosureReason, "closure reason" {
        NoCorpusDelicti = "no-corpus-delicti",
        PerpetratorNotIdentified = "perpetrator-not-identified",
        Reconciliation = "reconciliation",
        Amnesty = "amnesty",
        StatuteOfLimitations = "statute-of-limitations",
        DeathOfSuspect = "death-of-suspect",
        Other = "other",
    }
}

code_enum! {
    /// What a court decided at a verdict step.
    VerdictKind, "verdict" {
        Conviction = "conviction",
        /// Convicted with a suspended (conditional) sentence.
        ConditionalSentence = "conditional-sentence",
        Acquittal = "acquittal",
        /// Convicted after death (the accused died before or during trial).
        PosthumousConviction = "posthumous-conviction",
        Amnesty = "amnesty",
    }
}

code_enum! {
    /// The Istanbul Protocol's scale for how physical and psychological findings relate to the
    /// allegation (2022 edition, paragraph 386).
    Consistency, "consistency" {
        NotConsistent = "not-consistent",
        Consistent = "consistent",
        HighlyConsistent = "highly-consistent",
        TypicalOf = "typical-of",
        DiagnosticOf = "diagnostic-of",
    }
}

code_enum! {
    /// A forensic examination's kind, after the Istanbul Protocol.
    ExaminationKind, "examination kind" {
        Medical = "medical",
        Psychological = "psychological",
    }
}

code_enum! {
    /// Alleged acts and methods of torture or ill-treatment (Istanbul Protocol, chapter V).
    AllegedAct, "alleged act" {
        Beating = "beating",
        Burns = "burns",
        ElectricShock = "electric-shock",
        Asphyxiation = "asphyxiation",
        StressPositions = "stress-positions",
        SexualViolence = "sexual-violence",
        Threats = "threats",
        Deprivation = "deprivation",
        Humiliation = "humiliation",
        Other = "other",
    }
}

code_enum! {
    /// The manner of death as the Minnesota Protocol (2016) asks it to be determined.
    MannerOfDeath, "manner of death" {
        Natural = "natural",
        Accident = "accident",
        Suicide = "suicide",
        Homicide = "homicide",
        Undetermined = "undetermined",
        Pending = "pending",
    }
}

code_enum! {
    /// Who reported pressure on a complainant or witness.
    ReportedBy, "reported by" {
        /// The complainant, from the status page.
        Complainant = "complainant",
        /// An investigator, from what they learned.
        Investigator = "investigator",
    }
}

code_enum! {
    UnitKind, "unit kind" {
        Ministry = "ministry",
        Service = "service",
        Command = "command",
        Department = "department",
        Unit = "unit",
        ForeignContingent = "foreign-contingent",
    }
}

code_enum! {
    AssistanceKind, "assistance kind" {
        Training = "training",
        Equipment = "equipment",
        Funding = "funding",
    }
}

code_enum! {
    Confidence, "confidence" {
        Low = "low",
        Medium = "medium",
        High = "high",
    }
}

code_enum! {
    NomineeKind, "nominee kind" {
        Person = "person",
        Unit = "unit",
    }
}

/// A user account. The password is kept only as an argon2id PHC string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub locale: Locale,
    pub password_hash: String,
}

/// A document, list, dataset, interview or media item that facts are taken from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub id: SourceId,
    pub kind: SourceKind,
    pub title: String,
    pub publisher: String,
    pub published_on: Option<Date>,
    pub url: Option<String>,
    pub reliability: Reliability,
    pub notes: String,
}

/// The fields of the standard victim-list layout, as parsed from one row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VictimFields {
    pub full_name: Option<String>,
    pub surname: Option<String>,
    pub given_name: Option<String>,
    pub patronymic: Option<String>,
    pub birth_date: Option<FuzzyDate>,
    pub age: Option<u8>,
    pub gender: Option<Gender>,
    pub death_date: Option<FuzzyDate>,
    pub place: Option<String>,
    pub circumstances: Option<String>,
}

/// One row of an imported source list: the verbatim cells and the parsed fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub id: RecordId,
    pub source_id: SourceId,
    /// 1-based row number in the source file, not counting the header.
    pub row_number: u32,
    /// The record id the source itself gave the row, if any.
    pub source_record_id: Option<String>,
    /// Header and cell text exactly as read, in column order.
    pub verbatim: Vec<(String, String)>,
    pub fields: VictimFields,
}

/// How a name variant relates to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    pub text: String,
    pub script: Script,
    /// The transliteration scheme or convention that produced this spelling, if known.
    pub scheme: Option<String>,
}

/// A real individual. The first name is the one shown by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub names: Vec<PersonName>,
    pub gender: Option<Gender>,
    pub birth_date: Option<FuzzyDate>,
    pub death_date: Option<FuzzyDate>,
    pub notes: String,
}

impl Person {
    pub fn display_name(&self) -> &str {
        self.names.first().map_or("", |name| name.text.as_str())
    }
}

/// A place as it was named and administered on the event date, and the region it is in now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub region_at_event: String,
    pub current_region: String,
}

/// One violation within an incident: its kind, and the victim if known, or a count of victims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub id: ViolationId,
    pub kind: ViolationKind,
    pub victim: Option<PersonId>,
    /// Number of victims this violation stands for (1 when `victim` is set).
    pub victim_count: u32,
}

/// What happened, when and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    pub id: IncidentId,
    pub title: String,
    pub date: FuzzyDate,
    pub place: Place,
    pub description: String,
    pub violations: Vec<Violation>,
    pub source_ids: Vec<SourceId>,
}

/// One step in an allegation's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllegationStatusEvent {
    pub status: AllegationStatus,
    pub on: Date,
    /// Whether the complainant may see this step on the status page.
    pub shareable: bool,
    pub note: String,
    /// When the next step is due (a legal or promised deadline); past it with no later step, the
    /// allegation is overdue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Date>,
    /// Why a `closed` step closed the investigation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure_reason: Option<ClosureReason>,
    /// What a `verdict` (or `appeal`) step decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<VerdictKind>,
}

impl AllegationStatusEvent {
    /// A step with no deadline, closure reason or verdict.
    pub fn new(status: AllegationStatus, on: Date, shareable: bool, note: impl Into<String>) -> AllegationStatusEvent {
        AllegationStatusEvent {
            status,
            on,
            shareable,
            note: note.into(),
            deadline: None,
            closure_reason: None,
            verdict: None,
        }
    }
}

/// Someone alleged to have taken part: a unit, a person, or both, and how they are described.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllegedPerpetrator {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<UnitId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<PersonId>,
    /// As the complainant describes them ("two officers in black uniform, one called Marat").
    #[serde(default)]
    pub description: String,
}

/// A medical or psychological examination and the Istanbul Protocol's consistency of its findings
/// with the allegation. The findings themselves are medical details, sealed in the allegation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Examination {
    pub kind: ExaminationKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<Date>,
    /// Who examined: a state forensic bureau, an independent doctor, ...
    #[serde(default)]
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consistency: Option<Consistency>,
}

/// The essentials of the Minnesota Protocol for a death: cause and manner, the autopsy, the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeathDetails {
    #[serde(default)]
    pub cause_of_death: String,
    pub manner_of_death: MannerOfDeath,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autopsy_on: Option<Date>,
    /// Who performed the autopsy (empty when there was none).
    #[serde(default)]
    pub autopsy_by: String,
    /// Whether the family could have an independent doctor attend or a second autopsy.
    #[serde(default)]
    pub independent_autopsy: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_released_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_informed_on: Option<Date>,
}

/// The Istanbul Protocol's essentials of a torture allegation (and the Minnesota Protocol's of a
/// death), all optional: what was done, when and where, where the person was held, the
/// examinations, and when it was registered with the authorities.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllegationDetails {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acts: Vec<AllegedAct>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred: Option<FuzzyDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_of_detention: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examinations: Vec<Examination>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub death: Option<DeathDetails>,
}

/// A complaint about a violation. The complainant's identity and medical details are sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allegation {
    pub id: AllegationId,
    pub incident_id: Option<IncidentId>,
    pub victim: Option<PersonId>,
    pub kind: ViolationKind,
    pub complainant: Sealed,
    pub medical: Option<Sealed>,
    pub registration_number: Option<String>,
    pub handling_body: Option<String>,
    pub timeline: Vec<AllegationStatusEvent>,
    /// Who is alleged to have done it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub perpetrators: Vec<AllegedPerpetrator>,
    /// The Istanbul (and for deaths Minnesota) Protocol's essentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<AllegationDetails>,
}

impl Allegation {
    pub fn status(&self) -> Option<AllegationStatus> {
        self.timeline.last().map(|step| step.status)
    }
}

/// An official suspected in a case, with unit and rank at the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspect {
    pub person_id: PersonId,
    pub unit_id: Option<UnitId>,
    pub rank: Option<String>,
}

/// Criminal proceedings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub id: CaseId,
    pub number: String,
    pub title: String,
    pub opened_on: Date,
    pub allegation_ids: Vec<AllegationId>,
    pub suspects: Vec<Suspect>,
    pub charges: Vec<String>,
    pub outcome: CaseOutcome,
}

/// A name a unit bore for a period, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitName {
    pub name: String,
    /// `en`, `ru` or `kk`.
    pub language: String,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
}

/// A unit's parent for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitParent {
    pub parent_id: UnitId,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
}

/// A security-force body: ministry, service, command, department or unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub kind: UnitKind,
    pub base: Option<String>,
    pub names: Vec<UnitName>,
    pub parents: Vec<UnitParent>,
    pub source_ids: Vec<SourceId>,
}

impl Unit {
    /// The English name, or the first name.
    pub fn display_name(&self) -> &str {
        self.names
            .iter()
            .find(|name| name.language == "en")
            .or(self.names.first())
            .map_or("", |name| name.name.as_str())
    }
}

/// A person's posting to a unit, with role and rank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posting {
    pub id: PostingId,
    pub person_id: PersonId,
    pub unit_id: UnitId,
    pub role: String,
    pub rank: Option<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub source_id: SourceId,
}

/// A unit's presence at a place for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployment {
    pub id: DeploymentId,
    pub unit_id: UnitId,
    pub place: Place,
    pub start: Date,
    pub end: Option<Date>,
    pub source_id: SourceId,
}

/// Who received assistance: a unit or a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum Subject {
    Unit(UnitId),
    Person(PersonId),
}

/// Training, equipment or funding given to a unit or a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assistance {
    pub id: AssistanceId,
    pub recipient: Subject,
    pub kind: AssistanceKind,
    pub provider: String,
    pub programme: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub source_id: SourceId,
}

/// An incident attributed to a unit or person, with their role and the confidence in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    pub id: AttributionId,
    pub incident_id: IncidentId,
    pub subject: Subject,
    pub role: String,
    pub confidence: Confidence,
    pub source_ids: Vec<SourceId>,
}

/// A file held as evidence, known by its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub id: EvidenceId,
    pub title: String,
    /// Lower-case hex SHA-256 of the file as received.
    pub sha256: String,
    pub size_bytes: u64,
    pub media_type: String,
    pub received_at: Timestamp,
    pub incident_id: Option<IncidentId>,
    pub source_id: Option<SourceId>,
    /// For a working copy: the original it was made from (a redacted or converted copy). An
    /// original has none. Optional in the payload, so events written before it read back alike.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<EvidenceId>,
    /// For a working copy: how it was made from its original ("faces blurred", "converted to PDF").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derivation: Option<String>,
}

/// A witness statement. Identity, contact and text are sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Testimony {
    pub id: TestimonyId,
    pub incident_id: Option<IncidentId>,
    pub witness: Sealed,
    pub contact: Option<Sealed>,
    pub text: Sealed,
    pub language: String,
    pub given_on: Date,
}

/// A figure stated by an issuing body on a date ("238 dead, as of 16 Aug 2022, Prosecutor General").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub id: ClaimId,
    pub figure: i64,
    /// What is counted, e.g. `dead`, `detained`, `torture-complaints`.
    pub category: String,
    /// Where or whom the figure covers, e.g. `Kazakhstan` or `Almaty`.
    pub scope: String,
    pub as_of: Date,
    pub issuing_body: String,
    pub source_id: SourceId,
}

/// A complaint (and optionally a testimony) withdrawn. Nothing is deleted: the allegation and the
/// testimony stay, and stay in every count; the withdrawal is recorded beside them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub id: WithdrawalId,
    pub allegation_id: AllegationId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub testimony_id: Option<TestimonyId>,
    pub on: Date,
    /// The reason given ("no longer wishes to pursue", "reconciled with the officers").
    pub reason: String,
    /// What surrounded it (visits by officers, threats to relatives, a payment offered).
    pub circumstances: String,
}

/// Pressure reported on a complainant or witness: an urgent internal event for investigators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PressureReport {
    pub id: PressureReportId,
    pub allegation_id: AllegationId,
    pub at: Timestamp,
    pub reported_by: ReportedBy,
    #[serde(default)]
    pub circumstances: String,
}

/// A person or unit nominated for assistance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nominee {
    pub id: NomineeId,
    pub kind: NomineeKind,
    pub name: String,
    pub birth_date: Option<FuzzyDate>,
    pub gender: Option<Gender>,
    pub unit: Option<String>,
    pub rank: Option<String>,
}

/// An activity (provider, programme, dates) and the people and units nominated for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VettingRequest {
    pub id: VettingRequestId,
    pub activity: String,
    pub provider: String,
    pub programme: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub nominees: Vec<Nominee>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(*role));
        }
        for kind in SourceKind::ALL {
            assert_eq!(SourceKind::parse(kind.as_str()), Ok(*kind));
        }
        assert!(Role::parse("root").is_err());
    }
}

/// An allegation as taken in, before its protected fields are sealed by `app`.
#[derive(Debug, Clone)]
pub struct NewAllegation {
    pub id: AllegationId,
    pub incident_id: Option<IncidentId>,
    pub victim: Option<PersonId>,
    pub kind: ViolationKind,
    pub complainant: crate::protected::Protected<String>,
    pub medical: Option<crate::protected::Protected<String>>,
    pub registration_number: Option<String>,
    pub handling_body: Option<String>,
    pub timeline: Vec<AllegationStatusEvent>,
    pub perpetrators: Vec<AllegedPerpetrator>,
    pub details: Option<AllegationDetails>,
}

/// A testimony as taken in, before its protected fields are sealed by `app`.
#[derive(Debug, Clone)]
pub struct NewTestimony {
    pub id: TestimonyId,
    pub incident_id: Option<IncidentId>,
    pub witness: crate::protected::Protected<String>,
    pub contact: Option<crate::protected::Protected<String>>,
    pub text: crate::protected::Protected<String>,
    pub language: String,
    pub given_on: Date,
}
