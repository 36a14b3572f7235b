//! The hash chain of the event log: each event's hash covers its content and the previous hash.
//!
//! The encoding is canonical and length-prefixed, so that no two different events can produce the
//! same input: `"aqiqat-event-v1" | seq | time | len actor | actor | len kind | kind | version |
//! len payload | payload | previous hash`, integers as 8-byte big-endian.

/// The hash before the first event.
pub const GENESIS: [u8; 32] = [0u8; 32];

/// The parts of an event that its hash covers.
#[derive(Debug, Clone, Copy)]
pub struct EventContent<'a> {
    pub seq: i64,
    pub occurred_at_millis: i64,
    pub actor: &'a str,
    pub kind: &'a str,
    pub payload_version: i32,
    pub payload: &'a str,
}

pub fn event_hash(content: &EventContent<'_>, previous: &[u8; 32]) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new();
    hasher.update(b"aqiqat-event-v1");
    hasher.update(&content.seq.to_be_bytes());
    hasher.update(&content.occurred_at_millis.to_be_bytes());
    for text in [content.actor, content.kind] {
        hasher.update(&(text.len() as u64).to_be_bytes());
        hasher.update(text.as_bytes());
    }
    hasher.update(&i64::from(content.payload_version).to_be_bytes());
    hasher.update(&(content.payload.len() as u64).to_be_bytes());
    hasher.update(content.payload.as_bytes());
    hasher.update(previous);
    *hasher.finalize().as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_and_the_previous_hash_change_the_hash() {
        let base =
            EventContent { seq: 1, occurred_at_millis: 5, actor: "a", kind: "k", payload_version: 1, payload: "{}" };
        let h = event_hash(&base, &GENESIS);
        let variants = [
            EventContent { seq: 2, ..base },
            EventContent { occurred_at_millis: 6, ..base },
            EventContent { actor: "b", ..base },
            EventContent { kind: "l", ..base },
            EventContent { payload_version: 2, ..base },
            EventContent { payload: "{ }", ..base },
            // Length prefixes keep a shifted boundary from colliding.
            EventContent { actor: "ak", kind: "", ..base },
        ];
        for variant in variants {
            assert_ne!(event_hash(&variant, &GENESIS), h);
        }
        assert_ne!(event_hash(&base, &[1u8; 32]), h);
    }
}
