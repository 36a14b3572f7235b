//! The screening engine: nominees for assistance (persons and units) against the security-force
//! registry, with every hit explained and carrying its chain of evidence (issue 8).
//!
//! Pure and synchronous: no I/O, no clock, no global state. The output is deterministic and in a
//! fixed order whatever the number of threads (rayon is used for building and for batches).
//!
//! # Public API (stable)
//!
//! - [`Registry`]: borrowed slices of the registry's domain entities (persons, units, postings,
//!   assistance, attributions, incidents, sources); the caller reads them from the store.
//! - [`Index::build`] (or [`Index::build_with`] and [`Settings`]): an owned index over a registry,
//!   `Send + Sync`, to be kept and shared while the registry does not change.
//! - [`Index::screen`]: a batch of [`NomineeQuery`] in, [`Hit`]s out, in the order of the nominees,
//!   then by [`Reason`] (most direct first), score (highest first) and entity id.
//! - [`Index::name_matches`]: the registry persons a person nominee's name matches, implicated or
//!   not ([`NameMatch`]), for showing who a nominee may be and for measuring the matcher.
//!
//! # What a hit is
//!
//! A [`Hit`] says that a nominee *may be* a registry entity (a person by name, birth date and
//! gender with the person match score of the `names` crate; a unit by its name variants and
//! numbers) **and** that the registry holds information implicating that entity, by one
//! [`Reason`]:
//!
//! - `person-implicated`: an attribution names the person;
//! - `served-in-implicated-unit`: the person was posted to a unit while an incident attributed to
//!   it took place (posting dates overlapping the incident date);
//! - `commanded-implicated-unit`: the same, in a commander's role;
//! - `commanded-parent-of-implicated-unit`: the person commanded a unit above the implicated unit
//!   at the time (parents over time);
//! - `unit-implicated`: an attribution names the unit (a unit nominee, or a person nominee's unit);
//! - `parent-unit-implicated`: a unit the matched unit was part of at the time is implicated;
//! - `child-unit-implicated`: a unit that was part of the matched unit at the time is implicated;
//! - `earlier-assistance`: the entity of another hit received assistance before the activity.
//!
//! A name that matches a registry person with nothing implicating them is no hit. A registry
//! person whose match is far weaker (by [`Settings::person_margin`] in log-odds) than the
//! nominee's best match is dropped: a namesake born in another year is explained away by the
//! person who agrees on the birth date; namesakes that nothing tells apart all stay. Every hit has a
//! score in [0, 1] (how sure it is that the nominee is the entity, not how grave the information
//! is), a one-paragraph explanation, and its [`Evidence`]: each attribution with its incident,
//! role, confidence and sources with their reliability, and the postings and parent relations
//! that tie the entity to it, so that the officer judges the credibility of the information.
//!
//! Modules: [`query`] (what goes in), [`hit`] (what comes out), `units` (unit names to tokens and
//! the weighted token match), `persons` (the blocking index over person names), [`index`] (the
//! index and the implication logic).

pub mod hit;
pub mod index;
mod persons;
pub mod query;
mod units;

pub use crate::hit::{AssistanceLink, Evidence, Hit, Link, NameMatch, Reason, SourceRef};
pub use crate::index::{Index, IndexStats, Settings};
pub use crate::query::{NomineeQuery, Registry};
pub use domain::entity::{NomineeKind, Subject};
