//! Random secrets for sessions, CSRF and generated passwords, and their constant-time comparison.

use rand::RngCore;
use subtle::ConstantTimeEq;

/// 32 random bytes as 64 hexadecimal characters.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A password that is easy to type: five groups of four lower-case letters and digits.
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect();
    chars.chunks(4).map(|group| group.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// A complainant's case code: eight characters of Crockford's base32 (no I, L, O or U, so none is
/// mistaken for another when read aloud or copied by hand) in two groups, `K7M2-Q9TX`: 40 bits.
/// Not a secret (the passphrase is): unique, and hard enough to guess that a code alone names nobody.
pub fn random_case_code() -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut bytes);
    // 32 symbols: the low five bits of each byte are uniform.
    let chars: String = bytes.iter().map(|b| ALPHABET[(*b & 31) as usize] as char).collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// Fresh random bits for ids.
pub fn random_bits() -> u128 {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    u128::from_le_bytes(bytes)
}

/// The BLAKE3 hash of a token, as stored: the database never holds a usable session token.
pub fn token_digest(token: &str) -> String {
    blake3::hash(token.as_bytes()).to_hex().to_string()
}

/// Compares two secrets in constant time.
pub fn secrets_equal(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}
