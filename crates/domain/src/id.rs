//! Opaque identifiers. Names are never keys: every person, record, unit and event is known by an id.
//!
//! An id is a short type prefix and 16 characters of Crockford base32 drawn from 80 random bits
//! supplied by the caller, so ids are stable across backends, sort as text, and reveal nothing.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Error;

const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
const BODY_LEN: usize = 16;

fn encode_body(bits: u128) -> String {
    // 16 characters × 5 bits = 80 bits; higher bits of the argument are ignored.
    (0..BODY_LEN).rev().map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char).collect()
}

fn is_valid(prefix: &str, value: &str) -> bool {
    value.len() == prefix.len() + 1 + BODY_LEN
        && value.starts_with(prefix)
        && value.as_bytes()[prefix.len()] == b'_'
        && value[prefix.len() + 1..].bytes().all(|b| ALPHABET.contains(&b))
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident = $prefix:literal, $what:literal;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The text before the underscore in every id of this kind.
            pub const PREFIX: &'static str = $prefix;

            /// Makes an id from random bits supplied by the caller's id source.
            pub fn from_bits(bits: u128) -> Self {
                $name(format!("{}_{}", $prefix, encode_body(bits)))
            }

            /// Parses an id received at an edge (URL, form, CSV).
            pub fn parse(value: &str) -> Result<Self, Error> {
                if is_valid($prefix, value) {
                    Ok($name(value.to_owned()))
                } else {
                    Err(Error::InvalidId { what: $what, prefix: $prefix, value: value.to_owned() })
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(value: String) -> Result<Self, Error> {
                $name::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
    )*};
}

ids! {
    /// A user account.
    UserId = "usr", "user";
    /// A source: a list, document, dataset, interview or media item.
    SourceId = "src", "source";
    /// One row of an imported source list.
    RecordId = "rec", "record";
    /// A real individual.
    PersonId = "per", "person";
    /// Something that happened at a time and place.
    IncidentId = "inc", "incident";
    /// One violation within an incident.
    ViolationId = "vio", "violation";
    /// A complaint about a violation.
    AllegationId = "alg", "allegation";
    /// Criminal proceedings.
    CaseId = "cas", "case";
    /// A security-force unit or body.
    UnitId = "unt", "unit";
    /// A person's posting to a unit.
    PostingId = "pst", "posting";
    /// A unit's deployment to a place.
    DeploymentId = "dep", "deployment";
    /// Training or equipment given to a unit or person.
    AssistanceId = "ast", "assistance";
    /// A link from an incident to a unit or person held responsible.
    AttributionId = "att", "attribution";
    /// A file held as evidence.
    EvidenceId = "evd", "evidence";
    /// One export of evidence items as a signed evidence bundle.
    EvidenceExportId = "exb", "evidence export";
    /// A witness statement.
    TestimonyId = "tst", "testimony";
    /// A figure stated by an issuing body.
    ClaimId = "clm", "claim";
    /// A request to vet nominees for assistance.
    VettingRequestId = "vet", "vetting request";
    /// A person or unit nominated in a vetting request.
    NomineeId = "nom", "nominee";
    /// One import of a file into a source.
    ImportId = "imp", "import";
    /// One run of record linkage over a set of sources.
    LinkRunId = "lnk", "link run";
    /// A reviewer's decision on a pair of records.
    DecisionId = "dec", "decision";
    /// A published release.
    ReleaseId = "rel", "release";
    /// A complaint or testimony withdrawn (kept, with its reason and circumstances).
    WithdrawalId = "wdr", "withdrawal";
    /// Pressure reported by a complainant or witness, or recorded by an investigator.
    PressureReportId = "prs", "pressure report";
    /// A vetting officer's decision on a nominee.
    VettingDecisionId = "vdc", "vetting decision";
    /// A duty-to-inform record of a vetting request.
    DutyToInformId = "dti", "duty-to-inform record";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_reject_foreign_prefixes() {
        let id = PersonId::from_bits(0x1234_5678_9abc_def0_1234);
        assert_eq!(id.as_str(), "per_28t5cy4tqkff04hm");
        assert_eq!(PersonId::parse(id.as_str()), Ok(id.clone()));
        assert!(RecordId::parse(id.as_str()).is_err());
        assert!(PersonId::parse("per_28t5cy4tqkff04hu").is_err(), "u is not in the alphabet");
        assert!(PersonId::parse("per_short").is_err());
    }
}
