//! Envelope encryption of protected values with XChaCha20-Poly1305.
//!
//! Each value gets its own random data key; the data key is wrapped by the master key. Rotating the
//! master key therefore rewraps 32-byte keys instead of re-encrypting every value.
//! Layout of a sealed value: `version (1) | wrap nonce (24) | wrapped key (48) | nonce (24) | ciphertext`.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use domain::protected::{Protected, Sealed};
use rand::RngCore;

use crate::Error;

const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;
const WRAPPED_KEY_LEN: usize = 32 + 16;
const HEADER_LEN: usize = 1 + NONCE_LEN + WRAPPED_KEY_LEN + NONCE_LEN;

/// The master key that wraps every data key. Never stored in the database.
pub struct MasterKey([u8; 32]);

impl MasterKey {
    pub fn generate() -> Self {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        MasterKey(key)
    }

    /// The key file format: 64 hexadecimal characters, surrounding whitespace ignored.
    pub fn from_hex(text: &str) -> Result<Self, Error> {
        let bytes = hex::decode(text.trim()).map_err(|_| Error::MalformedKey)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| Error::MalformedKey)?;
        Ok(MasterKey(key))
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub(crate) fn from_bytes(key: [u8; 32]) -> Self {
        MasterKey(key)
    }

    /// A short public name of this key (16 hex digits of a BLAKE3 derivation), recorded beside
    /// each wrapped data key: it tells which key a database needs without revealing the key.
    pub fn id(&self) -> String {
        hex::encode(&blake3::derive_key("aqiqat 2026 master key id", &self.0)[..8])
    }

    pub(crate) fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new((&self.0).into())
    }
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

fn random_nonce() -> [u8; NONCE_LEN] {
    let mut nonce = [0u8; NONCE_LEN];
    rand::rng().fill_bytes(&mut nonce);
    nonce
}

/// Encrypts a protected value under a fresh data key wrapped by `master`.
pub fn seal(master: &MasterKey, value: &Protected<String>) -> Sealed {
    let mut data_key = [0u8; 32];
    rand::rng().fill_bytes(&mut data_key);
    let wrap_nonce = random_nonce();
    let nonce = random_nonce();
    // Encryption with a 32-byte key and a 24-byte nonce cannot fail: the AEAD errors only on
    // oversized inputs (beyond 256 GiB), which a field value cannot reach.
    let wrapped = master.cipher().encrypt(XNonce::from_slice(&wrap_nonce), data_key.as_slice()).unwrap_or_default();
    let ciphertext = XChaCha20Poly1305::new((&data_key).into())
        .encrypt(XNonce::from_slice(&nonce), value.expose().as_bytes())
        .unwrap_or_default();
    let mut out = Vec::with_capacity(HEADER_LEN + ciphertext.len());
    out.push(VERSION);
    out.extend_from_slice(&wrap_nonce);
    out.extend_from_slice(&wrapped);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ciphertext);
    Sealed::from_bytes(out)
}

/// Decrypts a sealed value; fails when it was tampered with or sealed under another master key.
pub fn open(master: &MasterKey, sealed: &Sealed) -> Result<Protected<String>, Error> {
    let bytes = sealed.as_bytes();
    if bytes.len() < HEADER_LEN || bytes[0] != VERSION {
        return Err(Error::Unseal);
    }
    let (wrap_nonce, rest) = bytes[1..].split_at(NONCE_LEN);
    let (wrapped, rest) = rest.split_at(WRAPPED_KEY_LEN);
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    let data_key = master.cipher().decrypt(XNonce::from_slice(wrap_nonce), wrapped).map_err(|_| Error::Unseal)?;
    let data_key: [u8; 32] = data_key.try_into().map_err(|_| Error::Unseal)?;
    let clear = XChaCha20Poly1305::new((&data_key).into())
        .decrypt(XNonce::from_slice(nonce), ciphertext)
        .map_err(|_| Error::Unseal)?;
    String::from_utf8(clear).map(Protected::new).map_err(|_| Error::Unseal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_and_open_round_trip_and_hide_the_clear_text() {
        let master = MasterKey::generate();
        let value = Protected::new("Witness: Айгүл Серікқызы".to_owned());
        let sealed = seal(&master, &value);
        let needle = "Айгүл".as_bytes();
        assert!(!sealed.as_bytes().windows(needle.len()).any(|w| w == needle));
        assert_eq!(open(&master, &sealed).unwrap().expose(), value.expose());
    }

    #[test]
    fn another_key_or_a_flipped_byte_fails() {
        let master = MasterKey::generate();
        let sealed = seal(&master, &Protected::new("x".to_owned()));
        assert!(open(&MasterKey::generate(), &sealed).is_err());
        let mut bytes = sealed.as_bytes().to_vec();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert!(open(&master, &Sealed::from_bytes(bytes)).is_err());
    }

    #[test]
    fn key_hex_round_trips() {
        let master = MasterKey::generate();
        assert_eq!(MasterKey::from_hex(&master.to_hex()).unwrap().0, master.0);
        assert!(MasterKey::from_hex("abc").is_err());
    }
}
