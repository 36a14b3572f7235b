//! The vocabulary of Aqiqat: ids, dates, sources, records, persons, incidents, allegations, cases,
//! units, evidence, claims, users, roles, the victim registry (imports, link runs, candidate
//! pairs, decisions), vetting (screening hits, decisions on nominees, the duty to inform), publication (the allow-list, releases, checkpoints), and the changes that make
//! up the event log.
//!
//! Pure: no I/O, no clock, no randomness, no globals. Time and fresh ids are passed in by callers.
//! The types in [`change`] are the persisted event payload format (version [`change::PAYLOAD_VERSION`]);
//! every entity they carry is therefore serialisable, and changing a field is a schema change.

pub mod access;
pub mod change;
pub mod classification;
pub mod custody;
pub mod date;
pub mod entity;
pub mod error;
pub mod id;
pub mod protected;
pub mod publish;
pub mod registry;
pub mod vetting;

pub use error::Error;
