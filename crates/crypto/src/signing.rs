//! Ed25519 signatures: the application's signing key, which signs checkpoints of the event log and
//! the manifests of releases, and the checks anyone can make with its public key alone.
//!
//! The signing key lives in a key file beside the master key, never in the database. Keys,
//! public keys and signatures travel as lower-case hexadecimal text.

use ed25519_dalek::{Signer, Verifier};
use rand::RngCore;

use crate::Error;

/// The secret half: signs. Its bytes never leave this module except as the key file's text.
pub struct SigningKey {
    key: ed25519_dalek::SigningKey,
}

/// The public half: checks signatures; safe to print, publish and put in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey {
    key: ed25519_dalek::VerifyingKey,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey(public {})", self.public_key().to_hex())
    }
}

impl SigningKey {
    /// A fresh key from the operating system's randomness.
    pub fn generate() -> SigningKey {
        let mut seed = [0u8; 32];
        rand::rng().fill_bytes(&mut seed);
        SigningKey { key: ed25519_dalek::SigningKey::from_bytes(&seed) }
    }

    /// The 32-byte secret seed as 64 hexadecimal characters (surrounding white space ignored).
    pub fn from_hex(text: &str) -> Result<SigningKey, Error> {
        let seed = decode_array::<32>(text.trim()).ok_or(Error::MalformedSigningKey)?;
        Ok(SigningKey { key: ed25519_dalek::SigningKey::from_bytes(&seed) })
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.key.to_bytes())
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey { key: self.key.verifying_key() }
    }

    /// The signature of `message`, as 128 hexadecimal characters.
    pub fn sign(&self, message: &[u8]) -> String {
        hex::encode(self.key.sign(message).to_bytes())
    }
}

impl PublicKey {
    /// A public key as 64 hexadecimal characters (surrounding white space ignored).
    pub fn from_hex(text: &str) -> Result<PublicKey, Error> {
        let bytes = decode_array::<32>(text.trim()).ok_or(Error::MalformedPublicKey)?;
        let key = ed25519_dalek::VerifyingKey::from_bytes(&bytes).map_err(|_| Error::MalformedPublicKey)?;
        Ok(PublicKey { key })
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.key.to_bytes())
    }

    /// Whether `signature` (hexadecimal) is this key's signature of `message`. Strict checking:
    /// no malleable or small-order forms are accepted.
    pub fn verifies(&self, message: &[u8], signature: &str) -> bool {
        let Some(bytes) = decode_array::<64>(signature.trim()) else {
            return false;
        };
        let signature = ed25519_dalek::Signature::from_bytes(&bytes);
        self.key.verify_strict(message, &signature).is_ok() && self.key.verify(message, &signature).is_ok()
    }
}

fn decode_array<const N: usize>(text: &str) -> Option<[u8; N]> {
    hex::decode(text).ok().and_then(|bytes| <[u8; N]>::try_from(bytes).ok())
}

/// What a checkpoint signs: the chain's head at `seq`, when, and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointStatement<'a> {
    pub seq: i64,
    /// The hash of event `seq`, hexadecimal.
    pub head_hash: &'a str,
    pub signed_at_millis: i64,
    pub signer: &'a str,
    /// The signer's public key, hexadecimal.
    pub public_key: &'a str,
}

impl CheckpointStatement<'_> {
    /// The exact bytes signed: one field a line, so that no two statements share an encoding
    /// (a signer's name cannot hold a line break: [`signer_name_is_valid`]).
    pub fn message(&self) -> Vec<u8> {
        format!(
            "aqiqat-checkpoint-v1\nseq {}\nhead {}\ntime {}\nsigner {}\nkey {}\n",
            self.seq, self.head_hash, self.signed_at_millis, self.signer, self.public_key
        )
        .into_bytes()
    }
}

/// A signer's name is one line of printable text, 1 to 100 characters.
pub fn signer_name_is_valid(name: &str) -> bool {
    let n = name.chars().count();
    (1..=100).contains(&n) && !name.chars().any(char::is_control) && name.trim() == name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_its_message_and_key() {
        let key = SigningKey::generate();
        let other = SigningKey::generate();
        let signature = key.sign(b"release manifest");
        assert!(key.public_key().verifies(b"release manifest", &signature));
        assert!(!key.public_key().verifies(b"release manifesT", &signature));
        assert!(!other.public_key().verifies(b"release manifest", &signature));
        let mut flipped = signature.into_bytes();
        flipped[10] = if flipped[10] == b'0' { b'1' } else { b'0' };
        assert!(!key.public_key().verifies(b"release manifest", &String::from_utf8(flipped).unwrap()));
        assert!(!key.public_key().verifies(b"release manifest", "not hex"));
    }

    #[test]
    fn keys_round_trip_through_hex() {
        let key = SigningKey::generate();
        let again = SigningKey::from_hex(&format!("{}\n", key.to_hex())).unwrap();
        assert_eq!(again.public_key(), key.public_key());
        assert_eq!(PublicKey::from_hex(&key.public_key().to_hex()).unwrap(), key.public_key());
        assert!(SigningKey::from_hex("abcd").is_err());
        assert!(PublicKey::from_hex(&"g".repeat(64)).is_err());
    }

    #[test]
    fn every_field_of_a_checkpoint_changes_its_message() {
        let base =
            CheckpointStatement { seq: 7, head_hash: "aa", signed_at_millis: 9, signer: "NGO", public_key: "bb" };
        let variants = [
            CheckpointStatement { seq: 8, ..base.clone() },
            CheckpointStatement { head_hash: "ab", ..base.clone() },
            CheckpointStatement { signed_at_millis: 10, ..base.clone() },
            CheckpointStatement { signer: "NGO2", ..base.clone() },
            CheckpointStatement { public_key: "bc", ..base.clone() },
        ];
        for variant in variants {
            assert_ne!(variant.message(), base.message());
        }
        assert!(signer_name_is_valid("Aqiqat demo"));
        assert!(!signer_name_is_valid("two\nlines"));
        assert!(!signer_name_is_valid(""));
    }
}
