//! What goes into the engine: the registry as borrowed slices of domain entities, and the
//! nominees to screen.

use domain::date::FuzzyDate;
use domain::entity::{Assistance, Attribution, Gender, Incident, Nominee, NomineeKind, Person, Posting, Source, Unit};
use jiff::civil::Date;

/// The security-force registry as the store holds it. Borrowed, so that a caller that already
/// holds the entities does not copy them; [`crate::Index::build`] copies only what hits need.
///
/// References that do not resolve (a posting to a unit not in `units`, an attribution of an
/// incident not in `incidents`) are skipped and counted in [`crate::IndexStats`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Registry<'a> {
    pub persons: &'a [Person],
    pub units: &'a [Unit],
    pub postings: &'a [Posting],
    pub assistance: &'a [Assistance],
    pub attributions: &'a [Attribution],
    pub incidents: &'a [Incident],
    pub sources: &'a [Source],
}

/// One nominee to screen: a person (name in any script and order, birth date, gender, the unit
/// and rank they are put forward with) or a unit (its name in any language, or its number).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NomineeQuery {
    /// The caller's id of the nominee (a `NomineeId`, or a CSV file's own id); copied into hits.
    pub nominee_id: String,
    pub kind: NomineeKind,
    pub name: String,
    pub birth_date: Option<FuzzyDate>,
    pub gender: Option<Gender>,
    /// The unit the person is put forward with (free text); unused for unit nominees.
    pub unit: Option<String>,
    /// The rank given; shown in explanations only (ranks change and are no identifier).
    pub rank: Option<String>,
    /// The first day of the activity the nominee is put forward for: assistance that began
    /// before it is earlier assistance. `None` counts all recorded assistance as earlier.
    pub activity_start: Option<Date>,
}

impl NomineeQuery {
    /// A person nominee with only a name.
    pub fn person(nominee_id: impl Into<String>, name: impl Into<String>) -> NomineeQuery {
        NomineeQuery {
            nominee_id: nominee_id.into(),
            kind: NomineeKind::Person,
            name: name.into(),
            birth_date: None,
            gender: None,
            unit: None,
            rank: None,
            activity_start: None,
        }
    }

    /// A unit nominee.
    pub fn unit(nominee_id: impl Into<String>, name: impl Into<String>) -> NomineeQuery {
        NomineeQuery { kind: NomineeKind::Unit, ..NomineeQuery::person(nominee_id, name) }
    }

    /// The query for a nominee of a vetting request whose activity starts on `activity_start`.
    pub fn from_nominee(nominee: &Nominee, activity_start: Option<Date>) -> NomineeQuery {
        NomineeQuery {
            nominee_id: nominee.id.to_string(),
            kind: nominee.kind,
            name: nominee.name.clone(),
            birth_date: nominee.birth_date,
            gender: nominee.gender,
            unit: nominee.unit.clone(),
            rank: nominee.rank.clone(),
            activity_start,
        }
    }
}
