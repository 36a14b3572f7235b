//! The evidence vault's files: content-addressed storage in a directory beside the database
//! (`DB.evidence/` for SQLite), each file named by its SHA-256 (`sha256/ab/abcdef...`), read-only.
//!
//! An upload is streamed into a temporary file in the vault (`tmp/`, on the same file system),
//! hashed chunk by chunk as it arrives and never held whole in memory, refused past the size limit,
//! then fsynced, made read-only and renamed into place by its hash, and the directory fsynced: a
//! file is either wholly in place under its hash or not there at all. The same bytes uploaded
//! again find their file in place and are not stored twice (a file in place that no longer has its
//! hash is replaced by them: uploading the true bytes repairs it).
//!
//! The records of what a file is (the evidence item, its custody log) are in the database; the
//! use cases that tie the two together are in `evidence.rs`.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::{Error, Result};

/// The default largest upload: 2 GiB, enough for an hour of phone video, small enough that a
/// mistaken upload of a disk image is refused.
pub const DEFAULT_MAX_BYTES: u64 = 2 << 30;

/// The vault directory and its size limit.
#[derive(Debug, Clone)]
pub struct Vault {
    dir: PathBuf,
    max_bytes: u64,
}

fn io_error<'a>(what: &'static str, path: &'a Path) -> impl Fn(std::io::Error) -> Error + 'a {
    move |error| Error::BadInput { what, detail: format!("{}: {error}", path.display()) }
}

/// Whether `text` is a lower-case hex SHA-256 (so it may name a file in the vault).
fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Vault {
    pub fn new(dir: PathBuf, max_bytes: u64) -> Vault {
        Vault { dir, max_bytes }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// Where the file with this SHA-256 lives (whether or not it is there).
    pub(crate) fn path_of(&self, sha256: &str) -> Result<PathBuf> {
        if !is_sha256(sha256) {
            return Err(Error::BadInput { what: "evidence", detail: format!("`{sha256}` is not a SHA-256") });
        }
        Ok(self.dir.join("sha256").join(&sha256[..2]).join(sha256))
    }

    /// A temporary file in the vault's own `tmp/` (deleted when dropped unless kept).
    pub(crate) fn temp_file(&self) -> Result<tempfile::NamedTempFile> {
        let tmp = self.dir.join("tmp");
        std::fs::create_dir_all(&tmp).map_err(io_error("evidence vault", &tmp))?;
        tempfile::NamedTempFile::new_in(&tmp).map_err(io_error("evidence vault", &tmp))
    }

    /// Starts an upload: a temporary file that [`Upload::write`] fills and hashes.
    pub(crate) fn begin(&self) -> Result<Upload> {
        let (file, path) = self.temp_file()?.into_parts();
        Ok(Upload {
            vault: self.clone(),
            file: tokio::fs::File::from_std(file),
            temp: path,
            hasher: Sha256::new(),
            size: 0,
        })
    }
}

/// An upload in progress. Dropping it removes its temporary file.
pub struct Upload {
    vault: Vault,
    file: tokio::fs::File,
    temp: tempfile::TempPath,
    hasher: Sha256,
    size: u64,
}

/// A file in place in the vault under its SHA-256; only [`Upload::finish`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub sha256: String,
    pub size: u64,
    /// The same bytes were already in the vault; nothing new was stored.
    pub already_stored: bool,
}

impl Upload {
    /// Adds the next chunk: hashed and written as it comes. Past the vault's limit the upload is
    /// refused (and its temporary file removed when the upload is dropped).
    pub async fn write(&mut self, chunk: &[u8]) -> Result<()> {
        self.size += chunk.len() as u64;
        if self.size > self.vault.max_bytes {
            return Err(Error::TooLarge { limit: self.vault.max_bytes });
        }
        self.hasher.update(chunk);
        self.file.write_all(chunk).await.map_err(io_error("evidence upload", &self.temp))
    }

    /// Bytes received so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Puts the file in place under its hash: fsynced, read-only, renamed, the directory fsynced.
    pub async fn finish(mut self) -> Result<Received> {
        let sha256 = hex::encode(self.hasher.finalize_reset());
        let temp_path = self.temp.to_path_buf();
        let temp_error = io_error("evidence upload", &temp_path);
        self.file.flush().await.map_err(&temp_error)?;
        self.file.sync_all().await.map_err(&temp_error)?;
        let target = self.vault.path_of(&sha256)?;
        if tokio::fs::try_exists(&target).await.unwrap_or(false) {
            // The same bytes came before: the file in place stays, the temporary one goes, unless
            // the file in place no longer has its hash, when the bytes just received replace it.
            let (check, expected) = (target.clone(), sha256.clone());
            let intact =
                tokio::task::spawn_blocking(move || hash_file(&check).is_ok_and(|(found, _)| found == expected))
                    .await
                    .unwrap_or(false);
            if intact {
                return Ok(Received { sha256, size: self.size, already_stored: true });
            }
            tracing::warn!(file = %target.display(), "an evidence file no longer had its hash: replaced by an upload of its bytes");
        }
        let parent = target.parent().map(Path::to_path_buf).unwrap_or_default();
        tokio::fs::create_dir_all(&parent).await.map_err(io_error("evidence vault", &parent))?;
        let mut permissions = self.file.metadata().await.map_err(&temp_error)?.permissions();
        permissions.set_readonly(true);
        tokio::fs::set_permissions(&self.temp, permissions).await.map_err(&temp_error)?;
        tokio::fs::rename(&self.temp, &target).await.map_err(io_error("evidence vault", &target))?;
        // Renamed: nothing left for the temporary path to remove.
        let _ = self.temp.keep();
        // The rename is durable only once the directory holding it is written out.
        let dir = tokio::fs::File::open(&parent).await.map_err(io_error("evidence vault", &parent))?;
        dir.sync_all().await.map_err(io_error("evidence vault", &parent))?;
        Ok(Received { sha256, size: self.size, already_stored: false })
    }
}

/// What the check of a stored file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    /// The file is there and has its hash.
    Intact,
    /// No file under the item's hash.
    Missing,
    /// The file is there but its bytes hash to something else.
    Altered { found: String },
}

/// Hashes the file at `path` in chunks (never whole in memory).
pub(crate) fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buffer[..n]);
    }
    Ok((hex::encode(hasher.finalize()), size))
}

impl Vault {
    /// Checks that the file of `sha256` is in place and still has that hash.
    pub(crate) fn check(&self, sha256: &str) -> Result<FileStatus> {
        let path = self.path_of(sha256)?;
        match hash_file(&path) {
            Ok((found, _)) if found == sha256 => Ok(FileStatus::Intact),
            Ok((found, _)) => Ok(FileStatus::Altered { found }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(FileStatus::Missing),
            Err(error) => {
                Err(Error::BadInput { what: "evidence vault", detail: format!("{}: {error}", path.display()) })
            }
        }
    }
}
