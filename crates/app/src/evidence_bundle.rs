//! Evidence bundles: a set of evidence items exported as one deterministic `.tar` (under
//! `aqiqat-evidence-ID/`): a README, `custody.json` (each item with its custody log), the files
//! themselves (`ID.ext`), the manifest (`manifest.json`: every file's SHA-256 and size, who
//! exported, the signer and public key) and the manifest's ed25519 signature (`manifest.sig`).
//!
//! The tar machinery (fixed owners, modes and times; reading a `.tar` or an unpacked folder) is the
//! release bundle's (`bundle.rs`). The offline check, [`verify_evidence_bundle_at`], needs no
//! database and no clock: every file's hash against the manifest, every custody chain, the
//! signature, and a `.tar` byte for byte against the one its files make; a problem names the file
//! or the custody entry at fault.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use domain::custody::{CustodyAction, CustodyEntry, GENESIS};
use domain::date::Timestamp;
use domain::entity::Evidence;
use domain::id::{EvidenceExportId, EvidenceId};
use domain::publish::{MANIFEST_FILE, SIGNATURE_FILE};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::bundle::{append_fixed, read_bundle};
use crate::evidence::entry_hash;
use crate::release::{PublicKey, Signer};
use crate::{Error, Result, sha256_hex};

/// The bundle's format, named in its manifest.
pub const EVIDENCE_BUNDLE_FORMAT: &str = "aqiqat-evidence-v1";
/// The custody logs and what each item is.
pub const CUSTODY_FILE: &str = "custody.json";
const README_FILE: &str = "README.txt";

/// An item going into a bundle: the item, its custody log (with the `exported` entry) and where
/// its file is.
#[derive(Debug, Clone)]
pub(crate) struct ExportItem {
    pub(crate) evidence: Evidence,
    pub(crate) custody: Vec<CustodyEntry>,
    pub(crate) path: PathBuf,
}

/// A file name's extension for a media type, so that an unpacked bundle opens in the right program.
fn extension(media_type: &str) -> &'static str {
    match media_type {
        "video/mp4" => "mp4",
        "video/quicktime" => "mov",
        "video/webm" => "webm",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "audio/mpeg" => "mp3",
        "audio/ogg" => "ogg",
        "audio/wav" | "audio/x-wav" => "wav",
        "application/pdf" => "pdf",
        "text/plain" => "txt",
        "text/csv" => "csv",
        "application/json" => "json",
        "application/zip" => "zip",
        _ => "bin",
    }
}

/// The name of an item's file in a bundle.
pub(crate) fn file_name(evidence: &Evidence) -> String {
    format!("{}.{}", evidence.id, extension(&evidence.media_type))
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn custody_json(items: &[ExportItem]) -> String {
    pretty(&json!({
        "format": EVIDENCE_BUNDLE_FORMAT,
        "statement": "each entry's hash is the SHA-256 of its statement (domain::custody::statement in Aqiqat)",
        "items": items.iter().map(|item| {
            let e = &item.evidence;
            json!({
                "id": e.id.as_str(),
                "file": file_name(e),
                "title": e.title,
                "sha256": e.sha256,
                "size": e.size_bytes,
                "media_type": e.media_type,
                "received_at": e.received_at.to_rfc3339(),
                "derived_from": e.derived_from.as_ref().map(|id| id.as_str()),
                "derivation": e.derivation,
                "custody": item.custody,
            })
        }).collect::<Vec<_>>(),
    }))
}

fn readme(id: &EvidenceExportId, at: Timestamp, by: &str, signer: &str, key: &str, items: &[ExportItem]) -> String {
    let mut text = format!(
        "Aqiqat evidence bundle {id}\n\nExported {} by {by}. Signed by {signer} with the ed25519 public key\n{key}\n\n\
         Files:\n",
        at.to_rfc3339()
    );
    for item in items {
        text.push_str(&format!(
            "- {}: {} ({}, {} bytes, SHA-256 {})\n",
            file_name(&item.evidence),
            item.evidence.title.replace('\n', " "),
            item.evidence.media_type,
            item.evidence.size_bytes,
            item.evidence.sha256
        ));
    }
    text.push_str(&format!(
        "- {CUSTODY_FILE}: each item's custody log (received, viewed, exported, transferred), every entry's hash \
         covering the one before it\n\
         - {MANIFEST_FILE}: the SHA-256 and size of every file, who exported, the signer\n\
         - {SIGNATURE_FILE}: the ed25519 signature of {MANIFEST_FILE} (hexadecimal)\n\n\
         To check this bundle offline:\n  aqiqat verify-bundle BUNDLE --key {key}\n\
         or by hand: compare `sha256sum` of each file with {MANIFEST_FILE}, and check {SIGNATURE_FILE} over \
         {MANIFEST_FILE} with the public key above (compare it with the one the deployment publishes).\n"
    ));
    text
}

/// A reader that hashes what passes through it.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Writes the bundle of `items` as a `.tar` into `out`, streaming each evidence file from the vault
/// and checking its hash on the way; returns the bundle's size.
pub(crate) fn write_bundle(
    out: std::fs::File,
    id: &EvidenceExportId,
    at: Timestamp,
    exported_by: &str,
    signer: &Signer,
    items: &[ExportItem],
) -> Result<u64> {
    let key = signer.key.public_key().to_hex();
    let readme = readme(id, at, exported_by, &signer.name, &key, items);
    let custody = custody_json(items);
    let mut listed = vec![
        json!({"name": README_FILE, "size": readme.len(), "sha256": sha256_hex(readme.as_bytes())}),
        json!({"name": CUSTODY_FILE, "size": custody.len(), "sha256": sha256_hex(custody.as_bytes())}),
    ];
    for item in items {
        let e = &item.evidence;
        listed.push(json!({"name": file_name(e), "size": e.size_bytes, "sha256": e.sha256}));
    }
    let manifest = pretty(&json!({
        "format": EVIDENCE_BUNDLE_FORMAT,
        "export": id.as_str(),
        "exported_at": at.to_rfc3339(),
        "exported_by": exported_by,
        "signer": { "name": signer.name, "public_key": key },
        "files": listed,
    }));
    let signature = format!("{}\n", signer.key.sign(manifest.as_bytes()));

    let io = |error: std::io::Error| Error::BadInput { what: "evidence bundle", detail: error.to_string() };
    let prefix = format!("aqiqat-evidence-{id}");
    let mut builder = tar::Builder::new(std::io::BufWriter::new(out));
    for (name, text) in [(README_FILE, &readme), (CUSTODY_FILE, &custody)] {
        append_fixed(&mut builder, &format!("{prefix}/{name}"), at, text.len() as u64, text.as_bytes()).map_err(io)?;
    }
    for item in items {
        let e = &item.evidence;
        let file = std::fs::File::open(&item.path).map_err(io)?;
        let mut reader = Hashing { inner: file.take(e.size_bytes), hasher: Sha256::new() };
        append_fixed(&mut builder, &format!("{prefix}/{}", file_name(e)), at, e.size_bytes, &mut reader).map_err(io)?;
        if hex::encode(reader.hasher.finalize()) != e.sha256 {
            return Err(Error::Conflict(format!(
                "the file of {} no longer has its SHA-256: it was not exported; check the vault with `aqiqat evidence check`",
                e.id
            )));
        }
    }
    for (name, text) in [(MANIFEST_FILE, &manifest), (SIGNATURE_FILE, &signature)] {
        append_fixed(&mut builder, &format!("{prefix}/{name}"), at, text.len() as u64, text.as_bytes()).map_err(io)?;
    }
    let mut writer = builder.into_inner().map_err(io)?;
    writer.flush().map_err(io)?;
    let file = writer.into_inner().map_err(|error| io(error.into_error()))?;
    file.sync_all().map_err(io)?;
    Ok(file.metadata().map_err(io)?.len())
}

/// Why an evidence bundle does not verify, naming the file or custody entry at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceBundleProblem {
    #[error("the bundle cannot be read: {0}")]
    Unreadable(String),
    #[error("{0} is missing from the bundle")]
    Missing(String),
    #[error("{0} is in the bundle twice: unpacking would keep only one of them")]
    Duplicate(String),
    #[error("{MANIFEST_FILE} cannot be read: {0}")]
    BadManifest(String),
    #[error(
        "{SIGNATURE_FILE} is not a signature of {MANIFEST_FILE} by the key {key}: the manifest or its signature was \
         altered, or another key signed it"
    )]
    BadSignature { key: String },
    #[error("the bundle is signed by the key {found}, not by {expected}")]
    OtherKey { expected: String, found: String },
    #[error("{file}: its SHA-256 is {found}, the manifest says {expected}: the file was altered")]
    Altered { file: String, expected: String, found: String },
    #[error("{0} is in the bundle but not in the manifest")]
    Unlisted(String),
    #[error("{CUSTODY_FILE} cannot be read: {0}")]
    BadCustody(String),
    #[error("{CUSTODY_FILE}: item {item}: {detail}")]
    ItemMismatch { item: String, detail: String },
    #[error("{CUSTODY_FILE}: item {item}, custody entry {position}: {detail}")]
    BrokenCustody { item: String, position: usize, detail: String },
    #[error(
        "the .tar is not byte for byte the one exported, though its files match: the tar header or padding of \
         {0} was altered (unpack it and verify the folder to check the files alone)"
    )]
    NotCanonical(String),
}

/// What a verified evidence bundle says of itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedEvidenceBundle {
    pub export: String,
    pub exported_at: String,
    pub exported_by: String,
    pub signer: String,
    pub public_key: String,
    /// Each item: id, file name, title, and the number of custody entries.
    pub items: Vec<(String, String, String, usize)>,
}

type Problem = EvidenceBundleProblem;

fn check_chain(item: &str, sha256: &str, entries: &[Value]) -> std::result::Result<usize, Problem> {
    let id = EvidenceId::parse(item)
        .map_err(|error| Problem::ItemMismatch { item: item.to_owned(), detail: error.to_string() })?;
    let mut prev = GENESIS.to_owned();
    if entries.is_empty() {
        return Err(Problem::ItemMismatch { item: item.to_owned(), detail: "no custody log".to_owned() });
    }
    for (index, value) in entries.iter().enumerate() {
        let broken = |detail: String| Problem::BrokenCustody { item: item.to_owned(), position: index, detail };
        let entry: CustodyEntry =
            serde_json::from_value(value.clone()).map_err(|error| broken(format!("cannot be read: {error}")))?;
        if entry.evidence_id != id {
            return Err(broken(format!("names another item, {}", entry.evidence_id)));
        }
        if entry.position as usize != index {
            return Err(broken(format!("says it is entry {}", entry.position)));
        }
        if index == 0 && entry.action != CustodyAction::Received {
            return Err(broken(format!("the first entry is `{}`, not `received`", entry.action.as_str())));
        }
        if entry.prev_hash != prev {
            return Err(broken("its previous hash is not the hash of the entry before it".to_owned()));
        }
        let found = entry_hash(&entry, sha256);
        if found != entry.hash {
            return Err(broken(format!(
                "its content hashes to {found}, not to its hash {}: it was altered",
                entry.hash
            )));
        }
        prev = entry.hash;
    }
    Ok(entries.len())
}

/// Checks an evidence bundle's files offline: no duplicates, the manifest's signature (by `key`
/// when given, else by the key the manifest names, which the caller should compare with the one
/// the deployment publishes), every file's SHA-256 and size, no file unlisted, and every custody
/// chain, each bound to its file's hash.
pub fn verify_evidence_bundle(
    files: &[(String, Vec<u8>)],
    key: Option<&PublicKey>,
) -> std::result::Result<VerifiedEvidenceBundle, Problem> {
    for (index, (name, _)) in files.iter().enumerate() {
        if files[..index].iter().any(|(earlier, _)| earlier == name) {
            return Err(Problem::Duplicate(name.clone()));
        }
    }
    let find = |name: &str| files.iter().find(|(n, _)| n == name).map(|(_, bytes)| bytes);
    let manifest_bytes = find(MANIFEST_FILE).ok_or_else(|| Problem::Missing(MANIFEST_FILE.to_owned()))?;
    let signature = find(SIGNATURE_FILE).ok_or_else(|| Problem::Missing(SIGNATURE_FILE.to_owned()))?;
    let manifest: Value =
        serde_json::from_slice(manifest_bytes).map_err(|error| Problem::BadManifest(error.to_string()))?;
    let named = manifest["signer"]["public_key"].as_str().unwrap_or_default();
    let named_key = PublicKey::from_hex(named)
        .map_err(|_| Problem::BadManifest(format!("the signer's public key `{named}` is not a key")))?;
    if let Some(expected) = key
        && *expected != named_key
    {
        return Err(Problem::OtherKey { expected: expected.to_hex(), found: named_key.to_hex() });
    }
    if !named_key.verifies(manifest_bytes, std::str::from_utf8(signature).unwrap_or_default()) {
        return Err(Problem::BadSignature { key: named_key.to_hex() });
    }
    if manifest["format"] != EVIDENCE_BUNDLE_FORMAT {
        return Err(Problem::BadManifest(format!("the format is not {EVIDENCE_BUNDLE_FORMAT}")));
    }
    let listed = manifest["files"].as_array().ok_or_else(|| Problem::BadManifest("no file list".to_owned()))?;
    let mut names = vec![MANIFEST_FILE, SIGNATURE_FILE];
    let mut hashes = Vec::new();
    for entry in listed {
        let name = entry["name"].as_str().unwrap_or_default();
        let expected = entry["sha256"].as_str().unwrap_or_default();
        let bytes = find(name).ok_or_else(|| Problem::Missing(name.to_owned()))?;
        let found = sha256_hex(bytes);
        if found != expected || entry["size"].as_u64() != Some(bytes.len() as u64) {
            return Err(Problem::Altered { file: name.to_owned(), expected: expected.to_owned(), found });
        }
        names.push(name);
        hashes.push((name, expected, bytes.len() as u64));
    }
    if let Some((extra, _)) = files.iter().find(|(name, _)| !names.contains(&name.as_str())) {
        return Err(Problem::Unlisted(extra.clone()));
    }
    if !names.contains(&CUSTODY_FILE) {
        return Err(Problem::Missing(CUSTODY_FILE.to_owned()));
    }
    let custody: Value = serde_json::from_slice(find(CUSTODY_FILE).map(Vec::as_slice).unwrap_or_default())
        .map_err(|error| Problem::BadCustody(error.to_string()))?;
    let custody_items =
        custody["items"].as_array().ok_or_else(|| Problem::BadCustody("no list of items".to_owned()))?;
    let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let mut items = Vec::new();
    for item in custody_items {
        let id = s(&item["id"]);
        let file = s(&item["file"]);
        let sha256 = s(&item["sha256"]);
        let mismatch = |detail: String| Problem::ItemMismatch { item: id.clone(), detail };
        let Some((_, listed_hash, listed_size)) = hashes.iter().find(|(name, _, _)| *name == file) else {
            return Err(mismatch(format!("its file {file} is not in the manifest")));
        };
        if *listed_hash != sha256 || item["size"].as_u64() != Some(*listed_size) {
            return Err(mismatch(format!("its SHA-256 or size differs from the manifest's for {file}")));
        }
        let entries = item["custody"].as_array().map(Vec::as_slice).unwrap_or_default();
        let n = check_chain(&id, &sha256, entries)?;
        items.push((id, file, s(&item["title"]), n));
    }
    // Every evidence file listed has its item (README and custody aside).
    if let Some((name, _, _)) = hashes
        .iter()
        .find(|(name, _, _)| ![README_FILE, CUSTODY_FILE].contains(name) && !items.iter().any(|i| i.1 == *name))
    {
        return Err(Problem::BadCustody(format!("{name} has no item in {CUSTODY_FILE}")));
    }
    Ok(VerifiedEvidenceBundle {
        export: s(&manifest["export"]),
        exported_at: s(&manifest["exported_at"]),
        exported_by: s(&manifest["exported_by"]),
        signer: s(&manifest["signer"]["name"]),
        public_key: named_key.to_hex(),
        items,
    })
}

/// Checks the evidence bundle at `path` (a `.tar` as downloaded, or the folder it was unpacked
/// into) offline; a `.tar` must also be byte for byte the one its files make, and a byte changed in
/// a tar header or padding is named by the file it belongs to.
pub fn verify_evidence_bundle_at(
    path: &Path,
    key: Option<&PublicKey>,
) -> std::result::Result<VerifiedEvidenceBundle, Problem> {
    let files = read_bundle(path).map_err(|error| Problem::Unreadable(error.to_string()))?;
    let verified = verify_evidence_bundle(&files, key)?;
    if path.is_dir() {
        return Ok(verified);
    }
    let bytes = std::fs::read(path).map_err(|error| Problem::Unreadable(format!("{}: {error}", path.display())))?;
    let at =
        verified.exported_at.parse::<jiff::Timestamp>().map_err(|error| Problem::BadManifest(error.to_string()))?;
    let at = Timestamp::from_millis(at.as_millisecond());
    let manifest: Value = files
        .iter()
        .find(|(name, _)| name == MANIFEST_FILE)
        .and_then(|(_, bytes)| serde_json::from_slice(bytes).ok())
        .unwrap_or_default();
    let mut order: Vec<String> = manifest["files"]
        .as_array()
        .map(|listed| listed.iter().filter_map(|f| f["name"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    order.extend([MANIFEST_FILE.to_owned(), SIGNATURE_FILE.to_owned()]);
    // The canonical tar, with where each file's header begins.
    let mut builder = tar::Builder::new(Vec::new());
    let mut starts = Vec::new();
    for name in &order {
        let Some((_, content)) = files.iter().find(|(n, _)| n == name) else { continue };
        starts.push((builder.get_ref().len(), name.clone()));
        append_fixed(
            &mut builder,
            &format!("aqiqat-evidence-{}/{name}", verified.export),
            at,
            content.len() as u64,
            content.as_slice(),
        )
        .map_err(|error| Problem::Unreadable(error.to_string()))?;
    }
    let canonical = builder.into_inner().map_err(|error| Problem::Unreadable(error.to_string()))?;
    if canonical != bytes {
        let at_fault =
            canonical.iter().zip(&bytes).position(|(a, b)| a != b).unwrap_or(canonical.len().min(bytes.len()));
        let file = starts
            .iter()
            .rev()
            .find(|(start, _)| *start <= at_fault)
            .map_or_else(|| "the archive".to_owned(), |(_, name)| name.clone());
        return Err(Problem::NotCanonical(file));
    }
    Ok(verified)
}
