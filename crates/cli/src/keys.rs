//! The master key file: 32 random bytes as hex, readable by its owner only. It never goes into the
//! database, so a stolen database file alone reveals no protected value.
//!
//! Or a passphrase: the file then holds the salt and argon2id costs (`argon2id v=19 m=… t=… p=…
//! salt=…`), never the key, and the key is derived from the passphrase given in a file.
//! `keys rotate` writes the new key file (or costs) as `FILE.new` before changing the database and
//! moves it over `FILE` after, so a run stopped at any point is finished by running it again.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use app::{KdfParams, MasterKey};
use domain::access::Actor;
use domain::date::Timestamp;
use domain::protected::Protected;

/// Where the key file is: as given, or beside the SQLite file.
pub(crate) fn key_path(db: &str, given: Option<&Path>) -> anyhow::Result<PathBuf> {
    match given {
        Some(path) => Ok(path.to_owned()),
        None if crate::is_sqlite_path(db) => Ok(PathBuf::from(format!("{db}.key"))),
        None => bail!("a PostgreSQL database needs --key-file (or AQIQAT_KEY_FILE) naming its master key file"),
    }
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

/// The first line of a passphrase file, as a protected value.
fn read_passphrase(path: &Path) -> anyhow::Result<Protected<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read the passphrase file {}", path.display()))?;
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() < 12 {
        bail!("{}: a passphrase needs at least 12 characters", path.display());
    }
    Ok(Protected::new(line.to_owned()))
}

/// The master key of a key file, or of a passphrase and the costs file.
pub(crate) fn load(path: &Path, passphrase_file: Option<&Path>) -> anyhow::Result<MasterKey> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the master key file {} (give it with --key-file)", path.display()))?;
    if !text.starts_with("argon2id") {
        return MasterKey::from_hex(&text).with_context(|| format!("{} is not a master key file", path.display()));
    }
    let params = KdfParams::parse(&text).with_context(|| format!("{}", path.display()))?;
    let Some(passphrase_file) = passphrase_file else {
        bail!("{} holds passphrase costs: give the passphrase with --passphrase-file", path.display());
    };
    let key = MasterKey::from_passphrase(&read_passphrase(passphrase_file)?, &params)?;
    if params.key_id.as_ref().is_some_and(|id| *id != key.id()) {
        bail!("{}: the passphrase in {} is not the right one", path.display(), passphrase_file.display());
    }
    Ok(key)
}

/// A new master key: random, written to `path`; or derived from a passphrase, its costs written.
pub(crate) fn create_for(path: &Path, passphrase_file: Option<&Path>) -> anyhow::Result<MasterKey> {
    let (key, text) = new_key(passphrase_file)?;
    create_with(path, text.trim_end())?;
    Ok(key)
}

fn new_key(passphrase_file: Option<&Path>) -> anyhow::Result<(MasterKey, String)> {
    match passphrase_file {
        None => {
            let key = MasterKey::generate();
            let text = key.to_hex();
            Ok((key, text))
        }
        Some(file) => {
            let mut params = KdfParams::generate();
            let key = MasterKey::from_passphrase(&read_passphrase(file)?, &params)?;
            params.key_id = Some(key.id());
            Ok((key, params.to_text()))
        }
    }
}

#[derive(clap::Args)]
pub(crate) struct RotateArgs {
    #[command(flatten)]
    db: crate::DbArgs,
    /// Derive the new master key from the passphrase in this file (the file of costs replaces the
    /// key file); without it the new key is random.
    #[arg(long)]
    new_passphrase_file: Option<PathBuf>,
}

pub(crate) async fn rotate(args: RotateArgs, now: Timestamp) -> anyhow::Result<std::process::ExitCode> {
    let db = &args.db.db;
    let path = key_path(db, args.db.key_file.as_deref())?;
    let pending = PathBuf::from(format!("{}.new", path.display()));
    // The new key is on disk before the database changes: a stop after the commit keeps it.
    let new = if pending.exists() {
        eprintln!("finishing the rotation begun with {}", pending.display());
        load(&pending, args.new_passphrase_file.as_deref().or(args.db.passphrase_file.as_deref()))?
    } else {
        let (key, text) = new_key(args.new_passphrase_file.as_deref())?;
        create_with(&pending, text.trim_end())?;
        key
    };
    let old = load(&path, args.db.passphrase_file.as_deref())?;
    match app::App::open(db, old).await {
        Ok(app) => {
            let rotation = app.rotate_master_key(&Actor::System, now, &new).await;
            app.close().await;
            let rotation = rotation?;
            eprintln!(
                "rotated the master key {} to {}: {} data keys rewrapped{}",
                rotation.from,
                rotation.to,
                rotation.n_rewrapped,
                if rotation.n_already > 0 { format!(", {} already", rotation.n_already) } else { String::new() }
            );
        }
        // Rotated already, by a run that stopped before it could move the key file.
        Err(app::Error::WrongKey { needed, .. }) if needed == new.id() => {}
        Err(error) => return Err(error).with_context(|| format!("cannot open {db}")),
    }
    std::fs::rename(&pending, &path)
        .with_context(|| format!("cannot move {} to {}", pending.display(), path.display()))?;
    eprintln!("the master key file is now {} (key {})", path.display(), new.id());
    Ok(std::process::ExitCode::SUCCESS)
}
