//! The custody log of an evidence item: who received, viewed, exported or transferred it, when,
//! and why, one entry after another, each entry's hash covering the one before it.
//!
//! The hash itself (SHA-256) is computed in `app`, which checks chains offline in evidence bundles;
//! this module fixes what is hashed: [`statement`], the exact bytes, one field a line, so that a
//! reader of a bundle can recompute every hash by hand. Pure: no I/O, no clock.

use serde::{Deserialize, Serialize};

use crate::date::Timestamp;
use crate::id::EvidenceId;

/// The previous hash of an item's first entry: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The first line of every custody statement: names the format and its version.
pub const STATEMENT_FORMAT: &str = "aqiqat-custody-v1";

/// What happened to an evidence item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CustodyAction {
    /// The file arrived and was stored (always the first entry).
    Received,
    /// Someone opened or downloaded the original.
    Viewed,
    /// The item went into an evidence bundle.
    Exported,
    /// The item (or a copy) was handed to someone outside: a court, a prosecutor, another team.
    Transferred,
}

impl CustodyAction {
    pub const ALL: &'static [CustodyAction] =
        &[CustodyAction::Received, CustodyAction::Viewed, CustodyAction::Exported, CustodyAction::Transferred];

    pub fn as_str(self) -> &'static str {
        match self {
            CustodyAction::Received => "received",
            CustodyAction::Viewed => "viewed",
            CustodyAction::Exported => "exported",
            CustodyAction::Transferred => "transferred",
        }
    }

    pub fn parse(text: &str) -> Option<CustodyAction> {
        CustodyAction::ALL.iter().copied().find(|a| a.as_str() == text)
    }
}

/// One entry of an item's custody log. `position` counts from 0 (the `received` entry);
/// `prev_hash` is the previous entry's `hash` ([`GENESIS`] for the first); `hash` is the SHA-256
/// (lower-case hex) of [`statement`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustodyEntry {
    pub evidence_id: EvidenceId,
    pub position: u32,
    pub action: CustodyAction,
    /// Who acted: a user name, or `system`.
    pub actor: String,
    pub at: Timestamp,
    pub note: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The bytes an entry's hash covers: the format, the item and the SHA-256 of its file (so a chain
/// cannot be moved to another file), then the entry's fields, one a line, and the previous hash.
/// Line breaks inside the note or actor are written as `\n` so that no field can forge another.
#[allow(clippy::too_many_arguments)]
pub fn statement(
    evidence_id: &EvidenceId,
    evidence_sha256: &str,
    position: u32,
    action: CustodyAction,
    actor: &str,
    at: Timestamp,
    note: &str,
    prev_hash: &str,
) -> Vec<u8> {
    let escape = |text: &str| text.replace('\\', "\\\\").replace('\r', "\\r").replace('\n', "\\n");
    format!(
        "{STATEMENT_FORMAT}\nevidence {evidence_id}\nsha256 {evidence_sha256}\nposition {position}\naction {}\n\
         actor {}\nat {}\nnote {}\nprev {prev_hash}\n",
        action.as_str(),
        escape(actor),
        at.to_rfc3339(),
        escape(note),
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_cannot_forge_another_line() {
        let id = EvidenceId::from_bits(1);
        let at = Timestamp::from_millis(0);
        let plain = statement(&id, "ab", 1, CustodyAction::Viewed, "ana", at, "x", GENESIS);
        let forged = statement(&id, "ab", 1, CustodyAction::Viewed, "ana", at, "x\nprev 00", GENESIS);
        let text = String::from_utf8(forged).unwrap();
        assert_eq!(text.lines().count(), String::from_utf8(plain).unwrap().lines().count());
        assert!(text.contains("note x\\nprev 00\n"));
    }

    #[test]
    fn actions_read_back() {
        for &action in CustodyAction::ALL {
            assert_eq!(CustodyAction::parse(action.as_str()), Some(action));
            assert_eq!(serde_json::to_value(action).unwrap(), action.as_str());
        }
    }
}
