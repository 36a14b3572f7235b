//! Cryptography for Aqiqat, in one place: envelope encryption of protected fields, password hashing,
//! random tokens, time-based one-time passwords (TOTP), the hash chain of the event log, and ed25519
//! signatures of checkpoints and releases.
//!
//! No storage knowledge: callers hand in bytes and keys and get bytes back. Randomness comes from the
//! operating system through `rand`'s `OsRng`-backed generator, never from a seedable source.

// Panics are bugs: in this crate a failure is an error value, never an unwrap.
#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod chain;
pub mod envelope;
pub mod passphrase;
pub mod password;
pub mod signing;
pub mod stored;
pub mod token;
pub mod totp;

/// The crypto crate's one error type.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("a sealed value is malformed or was not sealed with this key")]
    Unseal,
    #[error("the key file must hold 64 hexadecimal characters (32 bytes)")]
    MalformedKey,
    #[error("password hashing failed: {0}")]
    PasswordHash(String),
    #[error("a one-time password could not be computed")]
    Totp,
    #[error("the passphrase parameters must read `argon2id v=19 m=KIB t=PASSES p=LANES salt=HEX` (32 hex digits)")]
    MalformedKdf,
    #[error("a signing key must be 64 hexadecimal characters (32 bytes)")]
    MalformedSigningKey,
    #[error("a public key must be 64 hexadecimal characters (32 bytes)")]
    MalformedPublicKey,
}
