//! A master key derived from a passphrase with argon2id, as an alternative to a key file. The salt
//! and the cost parameters are kept beside the database in a small text file; the key never is.

use argon2::{Algorithm, Argon2, Params, Version};
use domain::protected::Protected;
use rand::RngCore;

use crate::Error;
use crate::envelope::MasterKey;

/// How a master key is derived from a passphrase: argon2id's costs and a random salt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
    pub salt: [u8; 16],
    /// The [`MasterKey::id`] of the key the right passphrase derives, so that a mistyped one is
    /// told at once rather than by the first value it cannot open.
    pub key_id: Option<String>,
}

impl KdfParams {
    /// A fresh salt with costs well above those of sign-in passwords (a master key is derived
    /// once per process): 64 MiB, 3 passes, 1 lane.
    pub fn generate() -> KdfParams {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        KdfParams { memory_kib: 64 * 1024, passes: 3, lanes: 1, salt, key_id: None }
    }

    /// The file format: one line, `argon2id v=19 m=KIB t=PASSES p=LANES salt=HEX [id=KEY_ID]`.
    pub fn to_text(&self) -> String {
        let id = self.key_id.as_ref().map(|id| format!(" id={id}")).unwrap_or_default();
        format!(
            "argon2id v=19 m={} t={} p={} salt={}{id}\n",
            self.memory_kib,
            self.passes,
            self.lanes,
            hex::encode(self.salt)
        )
    }

    pub fn parse(text: &str) -> Result<KdfParams, Error> {
        let mut words = text.split_whitespace();
        if words.next() != Some("argon2id") || words.next() != Some("v=19") {
            return Err(Error::MalformedKdf);
        }
        let mut value = |name: &str| words.next().and_then(|w| w.strip_prefix(name)).ok_or(Error::MalformedKdf);
        let number = |text: &str| text.parse::<u32>().map_err(|_| Error::MalformedKdf);
        let memory_kib = number(value("m=")?)?;
        let passes = number(value("t=")?)?;
        let lanes = number(value("p=")?)?;
        let salt = hex::decode(value("salt=")?).map_err(|_| Error::MalformedKdf)?;
        let salt = salt.try_into().map_err(|_| Error::MalformedKdf)?;
        let key_id = words.next().and_then(|w| w.strip_prefix("id=")).map(str::to_owned);
        Ok(KdfParams { memory_kib, passes, lanes, salt, key_id })
    }
}

impl MasterKey {
    /// The master key that `passphrase` and `params` derive.
    pub fn from_passphrase(passphrase: &Protected<String>, params: &KdfParams) -> Result<MasterKey, Error> {
        let costs =
            Params::new(params.memory_kib, params.passes, params.lanes, Some(32)).map_err(|_| Error::MalformedKdf)?;
        let mut key = [0u8; 32];
        Argon2::new(Algorithm::Argon2id, Version::V0x13, costs)
            .hash_password_into(passphrase.expose().as_bytes(), &params.salt, &mut key)
            .map_err(|error| Error::PasswordHash(error.to_string()))?;
        Ok(MasterKey::from_bytes(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> KdfParams {
        KdfParams { memory_kib: 64, passes: 1, lanes: 1, ..KdfParams::generate() }
    }

    #[test]
    fn the_same_passphrase_and_salt_give_the_same_key() {
        let params = cheap();
        let words = |text: &str| Protected::new(text.to_owned());
        let key = MasterKey::from_passphrase(&words("correct horse battery"), &params).unwrap();
        assert_eq!(MasterKey::from_passphrase(&words("correct horse battery"), &params).unwrap().id(), key.id());
        assert_ne!(MasterKey::from_passphrase(&words("correct horse battery!"), &params).unwrap().id(), key.id());
        let salted = KdfParams { salt: [7; 16], ..params.clone() };
        assert_ne!(MasterKey::from_passphrase(&words("correct horse battery"), &salted).unwrap().id(), key.id());
    }

    #[test]
    fn parameters_round_trip_through_text() {
        let params = KdfParams::generate();
        assert_eq!(KdfParams::parse(&params.to_text()).unwrap(), params);
        let checked = KdfParams { key_id: Some("0123456789abcdef".to_owned()), ..params };
        assert_eq!(KdfParams::parse(&checked.to_text()).unwrap(), checked);
        assert!(KdfParams::parse("argon2id v=19 m=1 t=1").is_err());
        assert!(KdfParams::parse("scrypt").is_err());
    }
}
