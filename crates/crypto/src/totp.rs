//! Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA-1, six digits, a 30-second
//! step, the step before and after accepted for clock drift. These are the parameters every
//! authenticator app assumes when an otpauth:// URI names none, so they are fixed here rather than
//! configurable.
//!
//! Written on `hmac` and `sha1` directly: the algorithm is twenty lines, tested below against the
//! RFC's own vectors, and a dedicated crate would bring QR-code and clock dependencies we do not
//! want. The caller supplies the time; this module never reads the clock.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

use crate::Error;

/// Seconds per step.
pub const STEP_SECONDS: i64 = 30;
/// Digits of a code.
pub const DIGITS: u32 = 6;
/// Bytes of a new secret: 160 bits, the HMAC-SHA-1 block RFC 4226 recommends.
pub const SECRET_LEN: usize = 20;

/// A fresh random secret.
pub fn generate_secret() -> Vec<u8> {
    let mut secret = vec![0u8; SECRET_LEN];
    rand::rng().fill_bytes(&mut secret);
    secret
}

/// The step number of a Unix time in milliseconds.
pub fn step_at(unix_millis: i64) -> i64 {
    unix_millis.div_euclid(1000).div_euclid(STEP_SECONDS)
}

/// The HOTP value of `secret` at counter `step` (RFC 4226 section 5.3), with `digits` digits.
fn hotp(secret: &[u8], step: u64, digits: u32) -> Result<u32, Error> {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).map_err(|_| Error::Totp)?;
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let bytes = [digest[offset] & 0x7f, digest[offset + 1], digest[offset + 2], digest[offset + 3]];
    Ok(u32::from_be_bytes(bytes) % 10u32.pow(digits))
}

/// The six-digit code of `secret` at `step`, zero-padded.
pub fn code_at(secret: &[u8], step: i64) -> Result<String, Error> {
    let step = u64::try_from(step).map_err(|_| Error::Totp)?;
    Ok(format!("{:0width$}", hotp(secret, step, DIGITS)?, width = DIGITS as usize))
}

/// The step whose code `code` is, among the step of `unix_millis` and one either side; `None` when
/// the code is malformed or matches none. The caller refuses a step at or before the last one used,
/// so a code cannot be replayed within its window.
pub fn matching_step(secret: &[u8], code: &str, unix_millis: i64) -> Option<i64> {
    let code = code.trim();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_at(unix_millis);
    // Every candidate is computed and compared in constant time, so timing does not tell which
    // step (if any) matched.
    let mut found = None;
    for step in [now - 1, now, now + 1] {
        if let Ok(expected) = code_at(secret, step)
            && crate::token::secrets_equal(&expected, code)
            && found.is_none()
        {
            found = Some(step);
        }
    }
    found
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding, as authenticator apps expect the secret.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Decodes base32 (case, spaces and padding ignored); `None` on any other character.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|b| !matches!(b, b' ' | b'=')) {
        let value = BASE32.iter().position(|&a| a == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// The otpauth:// URI an authenticator app reads (Google's key-uri format), with issuer and account
/// percent-encoded.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let label = format!("{}:{}", percent_encode(issuer), percent_encode(account));
    format!(
        "otpauth://totp/{label}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        base32_encode(secret),
        percent_encode(issuer)
    )
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows: time in seconds and the eight-digit TOTP.
    const RFC_6238_SHA1: [(i64, &str); 6] = [
        (59, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ];

    #[test]
    fn rfc_6238_vectors() {
        let secret = b"12345678901234567890";
        for (seconds, expected) in RFC_6238_SHA1 {
            let step = step_at(seconds * 1000) as u64;
            assert_eq!(format!("{:08}", hotp(secret, step, 8).unwrap()), expected, "at {seconds}");
            // Six digits are the last six of the eight.
            assert_eq!(code_at(secret, step as i64).unwrap(), expected[2..], "at {seconds}");
        }
    }

    #[test]
    fn accepts_one_step_either_side_and_no_further() {
        let secret = b"12345678901234567890";
        let millis = 1_234_567_890_000;
        let now = step_at(millis);
        for delta in [-1, 0, 1] {
            let code = code_at(secret, now + delta).unwrap();
            assert_eq!(matching_step(secret, &code, millis), Some(now + delta));
        }
        for delta in [-2, 2] {
            let code = code_at(secret, now + delta).unwrap();
            assert_eq!(matching_step(secret, &code, millis), None);
        }
        assert_eq!(matching_step(secret, "12345", millis), None);
        assert_eq!(matching_step(secret, "abcdef", millis), None);
    }

    #[test]
    fn base32_round_trips_and_matches_rfc_4648() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_encode(b"12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        let secret = generate_secret();
        assert_eq!(base32_decode(&base32_encode(&secret)).unwrap(), secret);
        assert_eq!(base32_decode("mzxw 6ytb oi==").unwrap(), b"foobar");
        assert!(base32_decode("MZ1").is_none());
    }

    #[test]
    fn uri_names_issuer_account_and_parameters() {
        let uri = otpauth_uri("Aqiqat", "ann admin", b"foobar");
        assert_eq!(
            uri,
            "otpauth://totp/Aqiqat:ann%20admin?secret=MZXW6YTBOI&issuer=Aqiqat&algorithm=SHA1&digits=6&period=30"
        );
    }
}
