//! The victim registry: imports of lists into sources (with their column mappings and the problems
//! found in rows), link runs with their scored candidate pairs, the registry persons that clusters
//! of records become, and reviewers' decisions on pairs with the effect each had, so that it can
//! be undone exactly.
//!
//! Like every type carried in a change, these are part of the persisted payload format. Numbers
//! are integers (thousandths of a bit, parts per million) so that a payload reads back to exactly
//! the same value on every platform.

use serde::{Deserialize, Serialize};

use crate::date::Timestamp;
use crate::entity::{Person, code_enum};
use crate::id::*;

code_enum! {
    /// A field of the standard victim-list layout
    /// (`record_id,full_name,surname,given_name,patronymic,birth_date,age,gender,death_date,place,circumstances`).
    VictimField, "victim-list field" {
        RecordId = "record_id",
        FullName = "full_name",
        Surname = "surname",
        GivenName = "given_name",
        Patronymic = "patronymic",
        BirthDate = "birth_date",
        Age = "age",
        Gender = "gender",
        DeathDate = "death_date",
        Place = "place",
        Circumstances = "circumstances",
    }
}

code_enum! {
    /// The kind of file a list was imported from.
    ImportFormat, "import format" {
        Csv = "csv",
        Xlsx = "xlsx",
    }
}

code_enum! {
    /// What was wrong with a cell or row of an imported file. The record is kept either way; only
    /// the unreadable field is left empty.
    ProblemKind, "import problem" {
        /// Not a date in any accepted form.
        BadDate = "bad-date",
        /// Not an age in whole years from 0 to 120.
        BadAge = "bad-age",
        /// Not a gender (m, f, or a spelling of them).
        BadGender = "bad-gender",
        /// The row gives no name at all.
        NoName = "no-name",
        /// The record id was used by an earlier row of the file.
        DuplicateRecordId = "duplicate-record-id",
        /// The row has more or fewer cells than the header.
        RaggedRow = "ragged-row",
        /// The row is not valid UTF-8; it was read with replacement characters.
        BadEncoding = "bad-encoding",
        /// Every cell of the row is empty: no record was made.
        BlankRow = "blank-row",
    }
}

code_enum! {
    /// A reviewer's verdict on whether two records describe one person.
    Verdict, "verdict" {
        Same = "same",
        Different = "different",
        Unsure = "unsure",
    }
}

code_enum! {
    /// Whether a registry person currently stands for records.
    RegistryStatus, "registry status" {
        /// A person of the registry with at least one record.
        Active = "active",
        /// Merged into another person (`merged_into`), with no records of its own.
        Merged = "merged",
        /// Left without records by a new link run.
        Empty = "empty",
    }
}

/// One field of the standard layout and the header of the column that holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappedColumn {
    pub field: VictimField,
    pub column: String,
}

/// Which column of a file holds each field: saved per source, used by its imports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// At most one column per field, in [`VictimField::ALL`] order.
    pub columns: Vec<MappedColumn>,
}

impl ColumnMapping {
    /// The standard victim-list layout: every field in the column of its own name.
    pub fn standard() -> ColumnMapping {
        ColumnMapping {
            columns: VictimField::ALL
                .iter()
                .map(|&field| MappedColumn { field, column: field.as_str().to_owned() })
                .collect(),
        }
    }

    /// The column header of `field`, if mapped.
    pub fn column(&self, field: VictimField) -> Option<&str> {
        self.columns.iter().find(|c| c.field == field).map(|c| c.column.as_str())
    }

    /// A mapping from (field, column) pairs: empty columns are dropped, fields are put in order,
    /// and a field given twice keeps its last column.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (VictimField, String)>) -> ColumnMapping {
        let mut chosen: Vec<Option<String>> = vec![None; VictimField::ALL.len()];
        for (field, column) in pairs {
            let column = column.trim().to_owned();
            if let Some(index) = VictimField::ALL.iter().position(|f| *f == field) {
                chosen[index] = (!column.is_empty()).then_some(column);
            }
        }
        ColumnMapping {
            columns: VictimField::ALL
                .iter()
                .zip(chosen)
                .filter_map(|(&field, column)| column.map(|column| MappedColumn { field, column }))
                .collect(),
        }
    }
}

/// A problem found in one cell or row of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    /// The row, counted from 1 at the first row under the header (the record's `row_number`).
    pub row: u32,
    /// The header of the column, or empty for the whole row.
    pub column: String,
    /// The cell as read (empty for whole-row problems).
    pub value: String,
    pub kind: ProblemKind,
}

/// One file imported into a source: what it was, how it was read, and what was wrong in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    pub id: ImportId,
    pub source_id: SourceId,
    pub file_name: String,
    /// Lower-case hex SHA-256 of the file as received: the same file is never imported twice.
    pub sha256: String,
    pub size_bytes: u64,
    pub format: ImportFormat,
    /// The worksheet read, for spreadsheets.
    pub sheet: Option<String>,
    pub n_records: u32,
    pub mapping: ColumnMapping,
    pub problems: Vec<ImportProblem>,
    pub imported_at: Timestamp,
}

/// A weight in thousandths of a bit (log2 odds). Integers keep payloads exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Millibits(pub i64);

impl Millibits {
    /// Rounds a weight in bits; infinite or undefined weights are clamped to ±1,000,000 bits.
    pub fn from_bits(bits: f64) -> Millibits {
        if bits.is_nan() {
            return Millibits(0);
        }
        Millibits((bits * 1000.0).round().clamp(-1e9, 1e9) as i64)
    }

    pub fn bits(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// The match probability of this weight, in parts per million.
    pub fn probability_ppm(self) -> u32 {
        let p = 1.0 / (1.0 + (-self.bits()).exp2());
        (p * 1e6).round().clamp(0.0, 1e6) as u32
    }
}

/// How far a probability is from certainty, in parts per million: 1,000,000 at one half, 0 at 0
/// or 1. The review queue weighs pairs by it.
pub fn uncertainty_ppm(probability_ppm: u32) -> u32 {
    let p = i64::from(probability_ppm.min(1_000_000));
    (1_000_000 - (2 * p - 1_000_000).abs()) as u32
}

/// One comparison in a pair's explanation: the values compared, the level they fell in, and
/// what it weighed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaterfallStep {
    pub comparison: String,
    pub left: String,
    pub right: String,
    pub level: String,
    pub weight: Millibits,
    /// The term-frequency adjustment (a common value weighs less than a rare one).
    pub tf_adjustment: Millibits,
    /// log2 of m, P(level | same person); none when a value is missing.
    pub log2_m: Option<Millibits>,
    /// log2 of u, P(level | different people).
    pub log2_u: Option<Millibits>,
}

/// A candidate pair of a link run: two records, their match weight and its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidatePair {
    /// Invariant: `record_a < record_b`.
    pub record_a: RecordId,
    pub record_b: RecordId,
    pub weight: Millibits,
    pub probability_ppm: u32,
    /// The prior of the model in force (the waterfall's first bar).
    pub prior: Millibits,
    pub steps: Vec<WaterfallStep>,
}

/// One run of record linkage over a set of sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRun {
    pub id: LinkRunId,
    /// The sources linked, in the order of capture-history columns.
    pub source_ids: Vec<SourceId>,
    pub ran_at: Timestamp,
    pub n_records: u32,
    pub n_candidates: u64,
    /// Candidate pairs kept (at or above the probability floor).
    pub n_pairs_kept: u32,
    /// Persons (clusters) the records form after the decisions were applied.
    pub n_persons: u32,
    /// The clustering threshold, in parts per million.
    pub threshold_ppm: u32,
    pub prior: Millibits,
    pub em_iterations: u32,
    pub em_converged: bool,
    /// Decisions that re-linking could not honour (a same-person decision across a different-person one).
    pub n_conflicts: u32,
    pub warnings: Vec<String>,
}

/// A person of the victim registry as the clusters of records make it, with the values the
/// registry list filters on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryPerson {
    pub person: Person,
    pub status: RegistryStatus,
    pub merged_into: Option<PersonId>,
    pub n_records: u32,
    /// Distinct sources among the records: how many lists name the person.
    pub n_sources: u32,
    /// The place of death as most records give it.
    pub place: Option<String>,
    /// The same place for every spelling (`almati` for Алматы, Almaty, г. Алматы).
    pub place_key: Option<String>,
    pub age: Option<u8>,
}

/// A person's registry entry before or after a change; `None` when the person did not exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonState {
    pub person_id: PersonId,
    pub state: Option<RegistryPerson>,
}

/// A record moving from one person to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordMove {
    pub record_id: RecordId,
    pub from: Option<PersonId>,
    pub to: Option<PersonId>,
}

/// What a change did to the registry: records moved, and the persons touched before and after.
/// Applying `inverse()` after it restores the registry exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryEffect {
    pub moves: Vec<RecordMove>,
    pub before: Vec<PersonState>,
    pub after: Vec<PersonState>,
}

impl RegistryEffect {
    pub fn is_empty(&self) -> bool {
        self.moves.is_empty() && self.after.is_empty()
    }

    /// The effect that undoes this one.
    pub fn inverse(&self) -> RegistryEffect {
        RegistryEffect {
            moves: self
                .moves
                .iter()
                .map(|m| RecordMove { record_id: m.record_id.clone(), from: m.to.clone(), to: m.from.clone() })
                .collect(),
            before: self.after.clone(),
            after: self.before.clone(),
        }
    }
}

/// A reviewer's decision on a pair of records, with the effect it had on the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairDecision {
    pub id: DecisionId,
    /// Invariant: `record_a < record_b`.
    pub record_a: RecordId,
    pub record_b: RecordId,
    pub verdict: Verdict,
    pub note: String,
    pub decided_at: Timestamp,
    /// The actor's label (a user id).
    pub decided_by: String,
    pub effect: RegistryEffect,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_and_uncertainty() {
        assert_eq!(Millibits::from_bits(0.0).probability_ppm(), 500_000);
        assert_eq!(Millibits::from_bits(3.0).probability_ppm(), 888_889);
        assert_eq!(uncertainty_ppm(500_000), 1_000_000);
        assert_eq!(uncertainty_ppm(900_000), 200_000);
        assert_eq!(uncertainty_ppm(100_000), 200_000);
        assert_eq!(uncertainty_ppm(1_000_000), 0);
        assert_eq!(Millibits::from_bits(f64::INFINITY), Millibits(1_000_000_000));
    }

    #[test]
    fn mappings_keep_field_order_and_drop_empty_columns() {
        let mapping = ColumnMapping::from_pairs([
            (VictimField::Place, "Город".to_owned()),
            (VictimField::FullName, " ФИО ".to_owned()),
            (VictimField::Age, String::new()),
        ]);
        assert_eq!(mapping.column(VictimField::FullName), Some("ФИО"));
        assert_eq!(
            mapping.columns.iter().map(|c| c.field).collect::<Vec<_>>(),
            [VictimField::FullName, VictimField::Place]
        );
        assert_eq!(ColumnMapping::standard().column(VictimField::DeathDate), Some("death_date"));
    }

    #[test]
    fn an_effect_and_its_inverse_swap_sides() {
        let effect = RegistryEffect {
            moves: vec![RecordMove {
                record_id: RecordId::from_bits(1),
                from: Some(PersonId::from_bits(1)),
                to: Some(PersonId::from_bits(2)),
            }],
            before: vec![PersonState { person_id: PersonId::from_bits(1), state: None }],
            after: vec![],
        };
        assert_eq!(effect.inverse().inverse(), effect);
        assert_eq!(effect.inverse().moves[0].to, Some(PersonId::from_bits(1)));
    }
}
