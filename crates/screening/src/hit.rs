//! What comes out of the engine: hits with their reason, explanation and chain of evidence.

use domain::date::FuzzyDate;
use domain::entity::{AssistanceKind, Confidence, Reliability, Subject};
use domain::id::{AssistanceId, AttributionId, IncidentId, PersonId, PostingId, SourceId, UnitId};
use jiff::civil::Date;
use serde::Serialize;

/// Why a nominee is hit. Ordered from the most direct implication to context; hits of one
/// nominee are listed in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "&'static str")]
pub enum Reason {
    /// An attribution names the matched person.
    PersonImplicated,
    /// The matched person commanded a unit at the time an incident attributed to it took place.
    CommandedImplicatedUnit,
    /// The matched person was posted to a unit at the time an incident attributed to it took place.
    ServedInImplicatedUnit,
    /// An attribution names the matched unit (the unit nominee, or a person nominee's unit).
    UnitImplicated,
    /// The matched person commanded a unit that the implicated unit was part of at the time.
    CommandedParentOfImplicatedUnit,
    /// A unit that the matched unit was part of at the time is implicated.
    ParentUnitImplicated,
    /// A unit that was part of the matched unit at the time is implicated.
    ChildUnitImplicated,
    /// The entity of another hit of the nominee received assistance before the activity.
    EarlierAssistance,
}

impl Reason {
    /// Every reason, in the order hits are listed.
    pub const ALL: [Reason; 8] = [
        Reason::PersonImplicated,
        Reason::CommandedImplicatedUnit,
        Reason::ServedInImplicatedUnit,
        Reason::UnitImplicated,
        Reason::CommandedParentOfImplicatedUnit,
        Reason::ParentUnitImplicated,
        Reason::ChildUnitImplicated,
        Reason::EarlierAssistance,
    ];

    /// The code written in CSV files and JSON (`served-in-implicated-unit`).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::PersonImplicated => "person-implicated",
            Reason::CommandedImplicatedUnit => "commanded-implicated-unit",
            Reason::ServedInImplicatedUnit => "served-in-implicated-unit",
            Reason::UnitImplicated => "unit-implicated",
            Reason::CommandedParentOfImplicatedUnit => "commanded-parent-of-implicated-unit",
            Reason::ParentUnitImplicated => "parent-unit-implicated",
            Reason::ChildUnitImplicated => "child-unit-implicated",
            Reason::EarlierAssistance => "earlier-assistance",
        }
    }

    /// The reason with this code.
    pub fn parse(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == code)
    }

    /// Whether the hit implicates the entity itself (the person, or the unit the nominee is or
    /// belongs to), as opposed to context around it (units above or below, earlier assistance).
    pub fn is_direct(self) -> bool {
        matches!(
            self,
            Reason::PersonImplicated
                | Reason::CommandedImplicatedUnit
                | Reason::ServedInImplicatedUnit
                | Reason::UnitImplicated
                | Reason::CommandedParentOfImplicatedUnit
        )
    }
}

impl From<Reason> for &'static str {
    fn from(reason: Reason) -> &'static str {
        reason.as_str()
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A source with what the officer needs to weigh it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    pub id: SourceId,
    pub title: String,
    pub reliability: Reliability,
}

/// A link that ties the hit's entity to the attribution's subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Link {
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

/// One attribution of an incident, and how it reaches the hit's entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub incident_id: IncidentId,
    pub incident_title: String,
    pub incident_date: FuzzyDate,
    /// The place as named at the time of the incident.
    pub place: String,
    pub attribution_id: AttributionId,
    /// The unit or person the attribution names.
    pub subject: Subject,
    pub subject_name: String,
    /// The role the attribution gives the subject ("opened fire on the crowd (alleged)").
    pub role: String,
    pub confidence: Confidence,
    /// The attribution's sources, with reliability (in the order the attribution lists them).
    pub sources: Vec<SourceRef>,
    /// From the hit's entity to the subject: postings and parent relations, in order. Empty when
    /// the attribution names the entity itself.
    pub via: Vec<Link>,
}

/// Assistance the hit's entity received before the activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssistanceLink {
    pub assistance_id: AssistanceId,
    pub kind: AssistanceKind,
    pub provider: String,
    pub programme: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub source: Option<SourceRef>,
}

/// A nominee who may be a registry entity about which the registry holds implicating information.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub nominee_id: String,
    /// The registry person or unit the nominee matched (for `child-unit-implicated`, the matched
    /// unit, not the implicated child; the child is in the evidence).
    pub entity: Subject,
    /// The entity's display name (a person's first name variant, a unit's English name).
    pub entity_name: String,
    /// In [0, 1]: how sure it is that the nominee is the entity (the person match score, or the
    /// unit-name match score). Not the weight of the information: that is the evidence's.
    pub score: f64,
    pub reason: Reason,
    /// One paragraph in plain English: the match, then the reason with the first evidence.
    pub explanation: String,
    /// The name engine's lines for a person match (strongest first), or the unit name variant
    /// and the words it shares with the nominee.
    pub match_explanation: Vec<String>,
    /// Ordered by incident date, then attribution id. Empty for `earlier-assistance`.
    pub evidence: Vec<Evidence>,
    /// For `earlier-assistance` only, ordered by start date.
    pub assistance: Vec<AssistanceLink>,
}

impl Hit {
    /// `person` or `unit`.
    pub fn entity_kind(&self) -> &'static str {
        match self.entity {
            Subject::Person(_) => "person",
            Subject::Unit(_) => "unit",
        }
    }

    /// The entity's id as text.
    pub fn entity_id(&self) -> &str {
        match &self.entity {
            Subject::Person(id) => id.as_str(),
            Subject::Unit(id) => id.as_str(),
        }
    }
}

/// A registry person a person nominee's name matches, implicated or not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameMatch {
    pub nominee_id: String,
    pub person_id: PersonId,
    pub person_name: String,
    pub score: f64,
}
