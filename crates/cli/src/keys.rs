//! The master key file: 32 random bytes as hex, readable by its owner only. It never goes into the
//! database, so a stolen database file alone reveals no protected value.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use app::MasterKey;

/// Where the key file is: as given, or beside the SQLite file.
pub(crate) fn key_path(db: &str, given: Option<&Path>) -> anyhow::Result<PathBuf> {
    match given {
        Some(path) => Ok(path.to_owned()),
        None if crate::is_sqlite_path(db) => Ok(PathBuf::from(format!("{db}.key"))),
        None => bail!("a PostgreSQL database needs --key-file (or AQIQAT_KEY_FILE) naming its master key file"),
    }
}

/// Generates a master key and writes it to a new key file.
pub(crate) fn create(path: &Path) -> anyhow::Result<MasterKey> {
    let key = MasterKey::generate();
    create_with(path, &key.to_hex())?;
    Ok(key)
}

/// Writes a key (as hex) to a new key file, readable by its owner only; never overwrites one.
pub(crate) fn create_with(path: &Path, key_hex: &str) -> anyhow::Result<()> {
    if path.exists() {
        bail!("{} already exists; refusing to overwrite a master key", path.display());
    }
    write_private(path, key_hex).with_context(|| format!("cannot write the key file {}", path.display()))
}

pub(crate) fn read(path: &Path) -> anyhow::Result<MasterKey> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the master key file {} (give it with --key-file)", path.display()))?;
    MasterKey::from_hex(&text).with_context(|| format!("{} is not a master key file", path.display()))
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, format!("{text}\n"))
}
