//! The name engine: Kazakh, Russian and Latin personal names, from any of their spellings to keys
//! that meet, and a person match score that a vetting officer can read.
//!
//! Pure and synchronous: no I/O, no clock, no global state. Every function is deterministic.
//!
//! The pipeline, each step its own module:
//! [`script`] detects the writing system; [`normalize`] applies NFKC, case folding and spacing;
//! [`translit`] writes Cyrillic in Latin under a named scheme; [`skeleton`] folds any spelling, in
//! any script or scheme, to one ASCII key; [`parse`] splits a free-text name into given name,
//! patronymic, surname and initials; [`morph`] reduces surname and patronymic forms to stems with
//! a gender; [`given_names`] knows common given names, so that two of them are not taken for one misspelt;
//! [`keys`] gives blocking keys; [`person`] scores two persons (name, birth date, gender) with an explanation.

#![warn(missing_docs)]

pub mod given_names;
pub mod keys;
pub mod morph;
pub mod normalize;
pub mod parse;
pub mod person;
pub mod script;
pub mod skeleton;
pub mod translit;
