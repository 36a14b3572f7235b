//! Publication: what a release may carry (the allow-list), how a snapshot is redacted down to it,
//! small-count suppression, and the signed statements (checkpoints, releases) the log records.
//!
//! The allow-list is the one place that says which fields are publishable: a field is published
//! only when [`ALLOW_LIST`] names it for its data set; every other field, including any column
//! added later, is withheld and counted in the redaction report. There is no deny-list.
//!
//! Pure: rows come in as values, tables and reports go out; nothing here reads the database.

use serde::{Deserialize, Serialize};

use crate::date::Timestamp;
use crate::id::ReleaseId;

/// A data set a release may publish and the fields it may carry, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dataset {
    pub name: &'static str,
    pub fields: &'static [&'static str],
    /// What the data set holds, for the bundle's README.
    pub about: &'static str,
}

/// Every publishable field, by data set. Witness and complainant identities, contacts, testimony,
/// medical details, birth dates, notes and records as imported appear nowhere here.
pub const ALLOW_LIST: &[Dataset] = &[
    Dataset {
        name: "persons",
        fields: &["person_id", "display_name", "gender", "death_date", "age", "place", "n_sources"],
        about: "the victim registry: each person once, with the name most lists give, date and place of death",
    },
    Dataset {
        name: "incidents",
        fields: &[
            "id",
            "title",
            "date_text",
            "date_earliest",
            "date_latest",
            "place_name",
            "region_at_event",
            "current_region",
        ],
        about: "incidents: what happened, when and where",
    },
    Dataset {
        name: "claims",
        fields: &["id", "figure", "category", "scope", "as_of", "issuing_body"],
        about: "figures stated by issuing bodies, with their dates (counts are claims)",
    },
    Dataset {
        name: "statistics",
        fields: &["table", "category", "count"],
        about: "counts by category; counts below the threshold are shown as <N",
    },
    Dataset {
        name: "estimates",
        fields: &["method", "n_observed", "estimate", "lower", "upper", "model"],
        about: "multiple systems estimates of all deaths (listed and unlisted) with 95% intervals",
    },
];

/// Tables never published, with the reason the redaction report gives for their rows.
pub const WITHHELD_TABLES: &[(&str, &str)] = &[
    ("records", "records as imported from source lists: internal working material"),
    ("allegations", "complainant identity and medical details: restricted"),
    ("testimonies", "witness identity, contact and testimony: restricted"),
    ("evidence", "evidence files and their custody: confidential"),
    ("cases", "criminal proceedings and suspects: internal"),
    ("postings", "security-force postings: not yet reviewed for publication"),
    ("attributions", "attributions of incidents: not yet reviewed for publication"),
    ("vetting_requests", "vetting of nominees: confidential"),
    ("users", "accounts: internal"),
];

/// The allow-listed fields of `dataset`, or `None` for a data set that is never published.
pub fn allowed_fields(dataset: &str) -> Option<&'static [&'static str]> {
    ALLOW_LIST.iter().find(|d| d.name == dataset).map(|d| d.fields)
}

/// One value of a snapshot, as the database holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Null,
    Int(i64),
    Text(String),
    /// Bytes are sealed protected values: never published, whatever a list says.
    Bytes(Vec<u8>),
}

/// One row of a snapshot: every column of the row, by name.
pub type SnapshotRow = Vec<(String, Cell)>;

/// A data set after redaction: only allow-listed fields, in the allow-list's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedTable {
    pub dataset: &'static str,
    pub fields: &'static [&'static str],
    pub rows: Vec<Vec<Cell>>,
}

/// A field withheld from a data set: how many values, and why. Never the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithheldField {
    pub dataset: String,
    pub field: String,
    pub n_values: u64,
    pub reason: &'static str,
}

pub const REASON_NOT_ALLOWED: &str = "not on the allow-list of publishable fields";
pub const REASON_SEALED: &str = "sealed protected value: restricted";

/// Redacts the rows of `dataset` down to its allow-listed fields. An unknown data set publishes
/// nothing (every field withheld). A field missing from a row is published empty.
pub fn redact(dataset: &str, rows: &[SnapshotRow]) -> (PublishedTable, Vec<WithheldField>) {
    let (name, fields): (&'static str, &'static [&'static str]) = match ALLOW_LIST.iter().find(|d| d.name == dataset) {
        Some(d) => (d.name, d.fields),
        None => ("", &[]),
    };
    let mut withheld: Vec<WithheldField> = Vec::new();
    let mut published = Vec::with_capacity(rows.len());
    for row in rows {
        let mut out = vec![Cell::Null; fields.len()];
        for (column, cell) in row {
            match fields.iter().position(|f| f == column) {
                Some(index) if !matches!(cell, Cell::Bytes(_)) => out[index] = cell.clone(),
                _ => {
                    let reason = if matches!(cell, Cell::Bytes(_)) { REASON_SEALED } else { REASON_NOT_ALLOWED };
                    match withheld.iter_mut().find(|w| w.field == *column && w.reason == reason) {
                        Some(entry) => entry.n_values += 1,
                        None => withheld.push(WithheldField {
                            dataset: dataset.to_owned(),
                            field: column.clone(),
                            n_values: 1,
                            reason,
                        }),
                    }
                }
            }
        }
        published.push(out);
    }
    withheld.sort_by(|a, b| a.field.cmp(&b.field).then(a.reason.cmp(b.reason)));
    (PublishedTable { dataset: name, fields, rows: published }, withheld)
}

/// Small-count suppression: a count of 1 to `threshold - 1` is shown as `<threshold`, so that
/// small groups (one complainant in a town) cannot be singled out. Zero and larger counts show.
pub fn suppress(count: u64, threshold: u64) -> (Cell, bool) {
    if count > 0 && count < threshold {
        (Cell::Text(format!("<{threshold}")), true)
    } else {
        (Cell::Int(i64::try_from(count).unwrap_or(i64::MAX)), false)
    }
}

/// The default threshold of small-count suppression.
pub const DEFAULT_MIN_COUNT: u64 = 5;

/// A signed statement that the event log's head was `head_hash` at event `seq`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub head_hash: String,
    pub signed_at: Timestamp,
    /// The name in the signing key file (an organisation or a deployment).
    pub signer: String,
    /// The signer's ed25519 public key, hexadecimal.
    pub public_key: String,
    /// The signature of the statement (`crypto::signing::CheckpointStatement`), hexadecimal.
    pub signature: String,
}

/// One file of a release bundle. Every file is UTF-8 text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseFile {
    pub name: String,
    pub content: String,
}

/// A published release: the bundle's files (data, redaction report, README, the manifest of their
/// SHA-256 hashes and the manifest's signature), approved by a reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    pub id: ReleaseId,
    pub title: String,
    pub published_at: Timestamp,
    /// The reviewer who approved it (display name).
    pub approved_by: String,
    /// The chain's head when the snapshot was taken.
    pub head_seq: i64,
    pub head_hash: String,
    pub signer: String,
    pub public_key: String,
    /// The files in bundle order; `manifest.json` and `manifest.sig` are among them.
    pub files: Vec<ReleaseFile>,
}

/// The manifest's file name in a bundle, and its signature's.
pub const MANIFEST_FILE: &str = "manifest.json";
pub const SIGNATURE_FILE: &str = "manifest.sig";

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn row(cells: &[(&str, Cell)]) -> SnapshotRow {
        cells.iter().map(|(name, cell)| ((*name).to_owned(), cell.clone())).collect()
    }

    #[test]
    fn only_allowed_fields_pass_and_the_rest_are_counted() {
        let rows = vec![
            row(&[
                ("person_id", Cell::Text("per_1".into())),
                ("birth_date", Cell::Text("1990-01-01".into())),
                ("display_name", Cell::Text("A B".into())),
            ]),
            row(&[("person_id", Cell::Text("per_2".into())), ("birth_date", Cell::Null)]),
            row(&[("display_name", Cell::Bytes(vec![1, 2]))]),
        ];
        let (table, withheld) = redact("persons", &rows);
        assert_eq!(table.fields[0], "person_id");
        assert_eq!(table.rows[0][0], Cell::Text("per_1".into()));
        assert_eq!(table.rows[0][1], Cell::Text("A B".into()));
        assert_eq!(table.rows[2][1], Cell::Null, "sealed bytes are never published");
        assert_eq!(withheld.len(), 2);
        assert_eq!((withheld[0].field.as_str(), withheld[0].n_values), ("birth_date", 2));
        assert_eq!((withheld[1].field.as_str(), withheld[1].reason), ("display_name", REASON_SEALED));
        let (nothing, withheld) = redact("testimonies", &rows);
        assert!(nothing.fields.is_empty() && nothing.rows.iter().all(Vec::is_empty));
        assert_eq!(withheld.iter().map(|w| w.n_values).sum::<u64>(), 6);
    }

    fn cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            Just(Cell::Null),
            any::<i64>().prop_map(Cell::Int),
            ".{0,8}".prop_map(Cell::Text),
            proptest::collection::vec(any::<u8>(), 0..4).prop_map(Cell::Bytes),
        ]
    }

    proptest::proptest! {
        /// Whatever columns a snapshot holds (allowed names, names of protected fields, random
        /// names), redaction emits only allow-listed fields, never sealed bytes, and accounts for
        /// every value it drops.
        #[test]
        fn redaction_never_emits_a_field_outside_the_allow_list(
            dataset in proptest::sample::select(vec!["persons", "incidents", "claims", "statistics", "estimates", "testimonies", "allegations", ""]),
            rows in proptest::collection::vec(
                proptest::collection::vec(
                    (proptest::prop_oneof![
                        proptest::sample::select(vec!["person_id", "display_name", "birth_date", "notes", "complainant", "witness", "contact", "medical", "text", "title", "figure", "count", "id"]).prop_map(str::to_owned),
                        "[a-z_]{1,10}",
                    ], cell()),
                    0..8,
                ),
                0..6,
            ),
        ) {
            let (table, withheld) = redact(dataset, &rows);
            let allowed = allowed_fields(dataset).unwrap_or(&[]);
            prop_assert_eq!(table.fields, allowed);
            prop_assert_eq!(table.rows.len(), rows.len());
            for (out, input) in table.rows.iter().zip(&rows) {
                prop_assert_eq!(out.len(), allowed.len());
                prop_assert!(out.iter().all(|cell| !matches!(cell, Cell::Bytes(_))));
                for (index, cell) in out.iter().enumerate() {
                    // A published value is a value of that very field in the input row.
                    prop_assert!(*cell == Cell::Null || input.iter().any(|(name, c)| name == allowed[index] && c == cell));
                }
            }
            for field in &withheld {
                prop_assert!(field.reason == REASON_SEALED || !allowed.contains(&field.field.as_str()));
            }
            let n_dropped = rows.iter().flatten().filter(|(name, cell)| !allowed.contains(&name.as_str()) || matches!(cell, Cell::Bytes(_))).count() as u64;
            prop_assert_eq!(withheld.iter().map(|w| w.n_values).sum::<u64>(), n_dropped);
        }
    }

    #[test]
    fn counts_below_the_threshold_are_suppressed() {
        assert_eq!(suppress(0, 5), (Cell::Int(0), false));
        assert_eq!(suppress(1, 5), (Cell::Text("<5".into()), true));
        assert_eq!(suppress(4, 5), (Cell::Text("<5".into()), true));
        assert_eq!(suppress(5, 5), (Cell::Int(5), false));
        assert_eq!(suppress(3, 3), (Cell::Int(3), false));
    }
}
