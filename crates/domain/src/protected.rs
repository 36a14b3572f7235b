//! Protected values: witness and complainant identities, contacts, testimony text, medical details.
//!
//! A [`Protected`] value exists only in memory: it has no `Serialize`, no `Display`, and its `Debug`
//! hides the content, so it cannot reach a log line, a JSON body or a database column by accident.
//! The only way to persist it is to seal it (crate `crypto`) into a [`Sealed`] ciphertext, which is
//! what entities and event payloads carry.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A value that must never be stored or shown in clear.
#[derive(Clone, PartialEq, Eq)]
pub struct Protected<T>(T);

impl<T> Protected<T> {
    pub fn new(value: T) -> Self {
        Protected(value)
    }

    /// The clear value. Every call site is a place where protected data is handled: keep them few.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Protected<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Protected(..)")
    }
}

/// The ciphertext of a protected value (envelope-encrypted by crate `crypto`), as stored.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sealed(Vec<u8>);

impl Sealed {
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Sealed(bytes)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Sealed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sealed({} bytes)", self.0.len())
    }
}

impl TryFrom<String> for Sealed {
    type Error = crate::Error;
    fn try_from(value: String) -> Result<Self, crate::Error> {
        hex_decode(&value).map(Sealed).ok_or(crate::Error::UnknownVariant { what: "sealed value", value })
    }
}

impl From<Sealed> for String {
    fn from(sealed: Sealed) -> String {
        sealed.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value() {
        let secret = Protected::new("Witness Name".to_owned());
        assert_eq!(format!("{secret:?}"), "Protected(..)");
    }

    #[test]
    fn sealed_round_trips_through_text() {
        let sealed = Sealed::from_bytes(vec![0, 1, 254, 255]);
        let text: String = sealed.clone().into();
        assert_eq!(text, "0001feff");
        assert_eq!(Sealed::try_from(text).unwrap(), sealed);
    }
}
