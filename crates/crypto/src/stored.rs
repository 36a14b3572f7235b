//! Envelope encryption of stored protected values, with the wrapped data key kept apart from the
//! value, so that rotating the master key never touches the hash-chained event log.
//!
//! A stored sealed value (format 2) is `2 | value id (16) | nonce (24) | ciphertext`: the value id
//! and the ciphertext are what event payloads and state columns hold, and what the event hash
//! covers. Its data key, wrapped by the master key, is a [`WrappedKey`] that the store keeps in
//! `data_keys` beside the log, keyed by the value id; rotation rewraps those 48-byte keys in one
//! transaction. Format 1 (`envelope::seal`, the wrapped key inside the value) remains for values
//! that are never stored, such as a pending TOTP secret carried in a form.
//!
//! The value id is associated data of both encryptions, so a wrapped key cannot be moved to another
//! value, nor a ciphertext to another id.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use domain::protected::{Protected, Sealed};
use rand::RngCore;

use crate::Error;
use crate::envelope::MasterKey;

const VERSION: u8 = 2;
const VALUE_ID_LEN: usize = 16;
const NONCE_LEN: usize = 24;
const HEADER_LEN: usize = 1 + VALUE_ID_LEN + NONCE_LEN;
const WRAPPED_LEN: usize = NONCE_LEN + 32 + 16;

/// A value's data key wrapped by a master key: `wrap nonce (24) | wrapped key (48)`, with the
/// value id it belongs to and the id of the master key that wraps it.
#[derive(Clone, PartialEq, Eq)]
pub struct WrappedKey {
    /// Lower-case hex of the value's 16-byte id.
    pub value_id: String,
    /// [`MasterKey::id`] of the wrapping key.
    pub key_id: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for WrappedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WrappedKey({} under {})", self.value_id, self.key_id)
    }
}

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// The value id of a stored sealed value (format 2), as hex; `None` for any other value.
pub fn value_id(sealed: &Sealed) -> Option<String> {
    let bytes = sealed.as_bytes();
    (bytes.len() >= HEADER_LEN && bytes[0] == VERSION).then(|| hex::encode(&bytes[1..1 + VALUE_ID_LEN]))
}

fn wrap(master: &MasterKey, value_id: &[u8], data_key: &[u8; 32]) -> Vec<u8> {
    let nonce = random::<NONCE_LEN>();
    // Encryption with a 32-byte key and a 24-byte nonce fails only beyond 256 GiB of input.
    let wrapped = master
        .cipher()
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: data_key, aad: value_id })
        .unwrap_or_default();
    [nonce.as_slice(), &wrapped].concat()
}

fn unwrap(master: &MasterKey, value_id: &[u8], wrapped: &[u8]) -> Result<[u8; 32], Error> {
    if wrapped.len() != WRAPPED_LEN {
        return Err(Error::Unseal);
    }
    let (nonce, key) = wrapped.split_at(NONCE_LEN);
    let data_key = master
        .cipher()
        .decrypt(XNonce::from_slice(nonce), Payload { msg: key, aad: value_id })
        .map_err(|_| Error::Unseal)?;
    data_key.try_into().map_err(|_| Error::Unseal)
}

/// Encrypts a protected value for storage under a fresh data key, and wraps that key by `master`.
pub fn seal(master: &MasterKey, value: &Protected<String>) -> (Sealed, WrappedKey) {
    let data_key = random::<32>();
    let value_id = random::<VALUE_ID_LEN>();
    let nonce = random::<NONCE_LEN>();
    let header: Vec<u8> = [&[VERSION][..], &value_id].concat();
    let ciphertext = XChaCha20Poly1305::new((&data_key).into())
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: value.expose().as_bytes(), aad: &header })
        .unwrap_or_default();
    let sealed = Sealed::from_bytes([header.as_slice(), &nonce, &ciphertext].concat());
    let wrapped =
        WrappedKey { value_id: hex::encode(value_id), key_id: master.id(), bytes: wrap(master, &value_id, &data_key) };
    (sealed, wrapped)
}

/// Decrypts a stored sealed value with its wrapped data key; fails when either was tampered
/// with, when they belong to different values, or when `master` did not wrap the key.
pub fn open(master: &MasterKey, sealed: &Sealed, wrapped: &WrappedKey) -> Result<Protected<String>, Error> {
    let bytes = sealed.as_bytes();
    if value_id(sealed).as_deref() != Some(wrapped.value_id.as_str()) {
        return Err(Error::Unseal);
    }
    let (header, rest) = bytes.split_at(1 + VALUE_ID_LEN);
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    let data_key = unwrap(master, &header[1..], &wrapped.bytes)?;
    let clear = XChaCha20Poly1305::new((&data_key).into())
        .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: header })
        .map_err(|_| Error::Unseal)?;
    String::from_utf8(clear).map(Protected::new).map_err(|_| Error::Unseal)
}

/// The same data key wrapped by `new` instead of `old`; the sealed value does not change.
pub fn rewrap(old: &MasterKey, new: &MasterKey, wrapped: &WrappedKey) -> Result<WrappedKey, Error> {
    let value_id = hex::decode(&wrapped.value_id).map_err(|_| Error::Unseal)?;
    let data_key = unwrap(old, &value_id, &wrapped.bytes)?;
    Ok(WrappedKey { value_id: wrapped.value_id.clone(), key_id: new.id(), bytes: wrap(new, &value_id, &data_key) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_and_rewrap() {
        let (old, new) = (MasterKey::generate(), MasterKey::generate());
        let value = Protected::new("Witness: Айгүл Серікқызы".to_owned());
        let (sealed, wrapped) = seal(&old, &value);
        let needle = "Айгүл".as_bytes();
        assert!(!sealed.as_bytes().windows(needle.len()).any(|w| w == needle));
        assert_eq!(open(&old, &sealed, &wrapped).unwrap().expose(), value.expose());
        let rewrapped = rewrap(&old, &new, &wrapped).unwrap();
        assert_eq!(rewrapped.key_id, new.id());
        assert_eq!(open(&new, &sealed, &rewrapped).unwrap().expose(), value.expose());
        assert!(open(&old, &sealed, &rewrapped).is_err(), "the old key opens nothing rewrapped");
        assert!(open(&new, &sealed, &wrapped).is_err());
    }

    #[test]
    fn a_key_of_another_value_or_a_flipped_byte_fails() {
        let master = MasterKey::generate();
        let (first, first_key) = seal(&master, &Protected::new("a".to_owned()));
        let (second, mut second_key) = seal(&master, &Protected::new("b".to_owned()));
        assert!(open(&master, &first, &second_key).is_err());
        second_key.value_id = first_key.value_id.clone();
        assert!(open(&master, &first, &second_key).is_err(), "the id is bound into the wrapping");
        let mut bytes = second.as_bytes().to_vec();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert!(open(&master, &Sealed::from_bytes(bytes), &first_key).is_err());
        assert!(crate::envelope::open(&master, &first).is_err(), "format 2 needs its wrapped key");
    }
}
