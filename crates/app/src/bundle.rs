//! Release bundles: the files of a release (data as CSV and JSON, the redaction report, the
//! README, the manifest of SHA-256 hashes and its ed25519 signature), the deterministic .tar they
//! are served as, and the offline check of a bundle with a public key alone.
//!
//! No database and no clock: `verify-release` runs this on a downloaded file.

use std::io::Read;

use domain::date::Timestamp;
use domain::id::ReleaseId;
use domain::publish::{
    ALLOW_LIST, Cell, MANIFEST_FILE, PublishedTable, Release, ReleaseFile, SIGNATURE_FILE, WITHHELD_TABLES,
    WithheldField,
};
use serde_json::{Value, json};

use crate::release::{DatasetReport, PublicKey, RedactionReport, ReleasePreview, Signer};
use crate::{Error, Result, sha256_hex};

/// The bundle's format, named in its manifest.
pub(crate) const BUNDLE_FORMAT: &str = "aqiqat-release-v1";

fn text(cell: &Cell) -> String {
    match cell {
        Cell::Null | Cell::Bytes(_) => String::new(),
        Cell::Int(n) => n.to_string(),
        Cell::Text(t) => t.clone(),
    }
}

fn json_cell(cell: &Cell) -> Value {
    match cell {
        Cell::Null | Cell::Bytes(_) => Value::Null,
        Cell::Int(n) => json!(n),
        Cell::Text(t) => json!(t),
    }
}

fn csv_of(table: &PublishedTable) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write_error = |error: csv::Error| Error::BadInput { what: "release", detail: error.to_string() };
    writer.write_record(table.fields).map_err(write_error)?;
    for row in &table.rows {
        writer.write_record(row.iter().map(text)).map_err(write_error)?;
    }
    let bytes = writer.into_inner().map_err(|error| Error::BadInput { what: "release", detail: error.to_string() })?;
    String::from_utf8(bytes).map_err(|error| Error::BadInput { what: "release", detail: error.to_string() })
}

fn json_of(table: &PublishedTable) -> String {
    let rows: Vec<Value> = table
        .rows
        .iter()
        .map(|row| {
            let object: serde_json::Map<String, Value> =
                table.fields.iter().zip(row).map(|(field, cell)| ((*field).to_owned(), json_cell(cell))).collect();
            Value::Object(object)
        })
        .collect();
    pretty(&Value::Array(rows))
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn report_json(report: &RedactionReport) -> Value {
    json!({
        "min_count": report.min_count,
        "datasets": report.datasets.iter().map(|d| json!({
            "dataset": d.dataset,
            "rows_published": d.n_rows,
            "fields_published": d.fields,
            "fields_withheld": d.withheld.iter().map(|w| json!({
                "field": w.field, "values_withheld": w.n_values, "reason": w.reason,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "tables_withheld": report.tables.iter().map(|(table, n, reason)| json!({
            "table": table, "rows_withheld": n, "reason": reason,
        })).collect::<Vec<_>>(),
        "suppressed_counts": report.suppressed.iter().map(|(table, n)| json!({
            "table": table, "counts_suppressed": n,
            "reason": format!("count below {}, shown as <{}", report.min_count, report.min_count),
        })).collect::<Vec<_>>(),
        "notes": report.notes,
    })
}

/// Reads a redaction report back from its JSON (the release page shows it).
pub(crate) fn report_from_json(value: &Value) -> RedactionReport {
    let n = |v: &Value| v.as_u64().unwrap_or(0);
    let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    // Names and reasons come back as the allow-list's own strings where they match one.
    let dataset_name = |name: &str| ALLOW_LIST.iter().find(|d| d.name == name).map_or("", |d| d.name);
    let reason = |text: &str| {
        [domain::publish::REASON_NOT_ALLOWED, domain::publish::REASON_SEALED]
            .into_iter()
            .find(|r| *r == text)
            .unwrap_or(domain::publish::REASON_NOT_ALLOWED)
    };
    let empty = Vec::new();
    let datasets = value["datasets"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .map(|d| {
            let name = dataset_name(d["dataset"].as_str().unwrap_or_default());
            DatasetReport {
                dataset: name,
                n_rows: n(&d["rows_published"]),
                fields: domain::publish::allowed_fields(name).unwrap_or(&[]),
                withheld: d["fields_withheld"]
                    .as_array()
                    .unwrap_or(&empty)
                    .iter()
                    .map(|w| WithheldField {
                        dataset: name.to_owned(),
                        field: s(&w["field"]),
                        n_values: n(&w["values_withheld"]),
                        reason: reason(w["reason"].as_str().unwrap_or_default()),
                    })
                    .collect(),
            }
        })
        .collect();
    let tables = value["tables_withheld"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter_map(|t| {
            let name = t["table"].as_str().unwrap_or_default();
            WITHHELD_TABLES
                .iter()
                .find(|(table, _)| *table == name)
                .map(|(table, why)| (*table, n(&t["rows_withheld"]), *why))
        })
        .collect();
    let suppressed = value["suppressed_counts"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .map(|t| (s(&t["table"]), n(&t["counts_suppressed"])))
        .collect();
    let notes = value["notes"].as_array().unwrap_or(&empty).iter().map(s).collect();
    RedactionReport { min_count: n(&value["min_count"]), datasets, tables, suppressed, notes }
}

fn readme(release: &Release, report: &RedactionReport, names: &[String]) -> String {
    let mut text = format!(
        "{title}\n\nAn Aqiqat release: {id}, published {at}, approved by {by}.\n\
         Signed by {signer} with the ed25519 public key\n{key}\n\n\
         The snapshot was taken at event {seq} of the event log, whose hash was\n{hash}\n\n\
         Files:\n",
        title = release.title,
        id = release.id,
        at = release.published_at.to_rfc3339(),
        by = release.approved_by,
        signer = release.signer,
        key = release.public_key,
        seq = release.head_seq,
        hash = release.head_hash,
    );
    for name in names {
        let about = ALLOW_LIST.iter().find(|d| d.name == name).map_or("", |d| d.about);
        text.push_str(&format!("- {name}.csv, {name}.json{}{about}\n", if about.is_empty() { "" } else { ": " }));
    }
    text.push_str(&format!(
        "- redaction-report.json: what was withheld and why, by count (never the values)\n\
         - {MANIFEST_FILE}: the SHA-256 of every file, the chain's head, the signer\n\
         - {SIGNATURE_FILE}: the ed25519 signature of {MANIFEST_FILE} (hexadecimal)\n\n\
         Only fields on Aqiqat's allow-list of publishable fields are included; counts below {min} are shown as <{min}.\n\n\
         To check this release offline:\n  aqiqat verify-release BUNDLE --key {key}\n\
         or by hand: compare `sha256sum` of each file with {MANIFEST_FILE}, and check {SIGNATURE_FILE} over \
         {MANIFEST_FILE} with the public key above.\n",
        min = report.min_count,
        key = release.public_key,
    ));
    text
}

/// The bundle's files: data as CSV and JSON, the redaction report, the README, the manifest and
/// its signature.
pub(crate) fn bundle_files(release: &Release, preview: &ReleasePreview, signer: &Signer) -> Result<Vec<ReleaseFile>> {
    let mut files = Vec::new();
    for table in &preview.tables {
        files.push(ReleaseFile { name: format!("{}.csv", table.dataset), content: csv_of(table)? });
        files.push(ReleaseFile { name: format!("{}.json", table.dataset), content: json_of(table) });
    }
    files
        .push(ReleaseFile { name: "redaction-report.json".to_owned(), content: pretty(&report_json(&preview.report)) });
    let names: Vec<String> = preview.tables.iter().map(|t| t.dataset.to_owned()).collect();
    files.insert(0, ReleaseFile { name: "README.txt".to_owned(), content: readme(release, &preview.report, &names) });
    let manifest = pretty(&json!({
        "format": BUNDLE_FORMAT,
        "release": release.id.as_str(),
        "title": release.title,
        "published_at": release.published_at.to_rfc3339(),
        "approved_by": release.approved_by,
        "chain_head": { "seq": release.head_seq, "hash": release.head_hash },
        "signer": { "name": release.signer, "public_key": release.public_key },
        "min_count": preview.report.min_count,
        "files": files.iter().map(|f| json!({
            "name": f.name, "size": f.content.len(), "sha256": sha256_hex(f.content.as_bytes()),
        })).collect::<Vec<_>>(),
    }));
    let signature = format!("{}\n", signer.key.sign(manifest.as_bytes()));
    files.push(ReleaseFile { name: MANIFEST_FILE.to_owned(), content: manifest });
    files.push(ReleaseFile { name: SIGNATURE_FILE.to_owned(), content: signature });
    Ok(files)
}

/// The bundle as a tar file: every file under `aqiqat-release-ID/`, with fixed owners, modes and
/// times, so the same release always downloads as the same bytes.
pub(crate) fn tar_of(id: &ReleaseId, published_at: Timestamp, files: &[ReleaseFile]) -> Result<Vec<u8>> {
    let mut builder = tar::Builder::new(Vec::new());
    let io = |error: std::io::Error| Error::BadInput { what: "release bundle", detail: error.to_string() };
    for file in files {
        let path = format!("aqiqat-release-{id}/{}", file.name);
        append_fixed(&mut builder, &path, published_at, file.content.len() as u64, file.content.as_bytes())
            .map_err(io)?;
    }
    builder.into_inner().map_err(io)
}

/// Appends one file to a bundle's tar with the fixed owner, mode and time every bundle uses
/// (releases and evidence bundles alike), so that a bundle's bytes follow from its files alone.
pub(crate) fn append_fixed<W: std::io::Write>(
    builder: &mut tar::Builder<W>,
    path: &str,
    at: Timestamp,
    size: u64,
    content: impl Read,
) -> std::io::Result<()> {
    let mut header = tar::Header::new_ustar();
    header.set_size(size);
    header.set_mode(0o644);
    header.set_mtime((at.as_millis() / 1000).max(0) as u64);
    header.set_uid(0);
    header.set_gid(0);
    header.set_entry_type(tar::EntryType::Regular);
    builder.append_data(&mut header, path, content)
}

/// Why a bundle does not verify, naming the file at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleProblem {
    #[error("the bundle cannot be read: {0}")]
    Unreadable(String),
    #[error("{0} is missing from the bundle")]
    Missing(String),
    #[error(
        "{SIGNATURE_FILE} is not a signature of {MANIFEST_FILE} by the key {key}: the manifest or its signature \
         was altered, or another key signed it"
    )]
    BadSignature { key: String },
    #[error("{MANIFEST_FILE} cannot be read: {0}")]
    BadManifest(String),
    #[error("{file}: its SHA-256 is {found}, the manifest says {expected}: the file was altered")]
    Altered { file: String, expected: String, found: String },
    #[error("{0} is in the bundle but not in the manifest")]
    Unlisted(String),
    #[error("{0} is in the bundle twice: unpacking would keep only one of them")]
    Duplicate(String),
    #[error(
        "the .tar is not byte for byte the one published, though its files match (its headers or padding were \
         altered, or it was repacked): unpack it and verify the folder to check the files alone"
    )]
    NotCanonical,
}

/// What a verified bundle says of itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedRelease {
    pub release: String,
    pub title: String,
    pub published_at: String,
    pub approved_by: String,
    pub signer: String,
    pub head_seq: i64,
    pub head_hash: String,
    pub n_files: usize,
}

/// Checks the bundle at `path` offline: a folder by its files; a .tar by its files and, once they
/// verify, byte for byte against the .tar they make (the server writes it deterministically), so
/// that no byte of a downloaded bundle can change unnoticed, headers and padding included.
pub fn verify_bundle_at(
    path: &std::path::Path,
    key: &PublicKey,
) -> std::result::Result<VerifiedRelease, BundleProblem> {
    let files = read_bundle(path)?;
    let verified = verify_bundle(&files, key)?;
    if path.is_dir() {
        return Ok(verified);
    }
    let bytes =
        std::fs::read(path).map_err(|error| BundleProblem::Unreadable(format!("{}: {error}", path.display())))?;
    let id = ReleaseId::parse(&verified.release).map_err(|error| BundleProblem::BadManifest(error.to_string()))?;
    let published_at = verified
        .published_at
        .parse::<jiff::Timestamp>()
        .map_err(|error| BundleProblem::BadManifest(error.to_string()))?;
    // The bundle's order: the manifest's files, then the manifest and its signature.
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
    let in_order: Vec<ReleaseFile> = order
        .iter()
        .filter_map(|name| {
            let (_, bytes) = files.iter().find(|(n, _)| n == name)?;
            Some(ReleaseFile { name: name.clone(), content: String::from_utf8(bytes.clone()).ok()? })
        })
        .collect();
    let canonical = tar_of(&id, Timestamp::from_millis(published_at.as_millisecond()), &in_order)
        .map_err(|error| BundleProblem::Unreadable(error.to_string()))?;
    if canonical != bytes {
        return Err(BundleProblem::NotCanonical);
    }
    Ok(verified)
}

/// Reads a bundle: a .tar file (as downloaded) or a folder it was unpacked into. Files are
/// returned by name without the bundle's top folder.
pub fn read_bundle(path: &std::path::Path) -> std::result::Result<Vec<(String, Vec<u8>)>, BundleProblem> {
    let unreadable = |error: std::io::Error| BundleProblem::Unreadable(format!("{}: {error}", path.display()));
    let mut files = Vec::new();
    if path.is_dir() {
        let mut dir = path.to_owned();
        // A folder holding the one unpacked `aqiqat-release-*` folder is read through it.
        let entries: Vec<_> = std::fs::read_dir(&dir).map_err(unreadable)?.filter_map(|e| e.ok()).collect();
        if !entries.iter().any(|e| e.file_name() == MANIFEST_FILE)
            && let [only] = entries.as_slice()
            && only.path().is_dir()
        {
            dir = only.path();
        }
        for entry in std::fs::read_dir(&dir).map_err(unreadable)? {
            let entry = entry.map_err(unreadable)?;
            if entry.path().is_file() {
                let bytes = std::fs::read(entry.path()).map_err(unreadable)?;
                files.push((entry.file_name().to_string_lossy().into_owned(), bytes));
            }
        }
    } else {
        let file = std::fs::File::open(path).map_err(unreadable)?;
        let mut archive = tar::Archive::new(file);
        for entry in archive.entries().map_err(unreadable)? {
            let mut entry = entry.map_err(unreadable)?;
            match entry.header().entry_type() {
                tar::EntryType::Regular => {}
                tar::EntryType::Directory => continue,
                // A link or device could stand in for a listed file when the bundle is unpacked.
                other => {
                    let name = entry.path().map_err(unreadable)?.to_string_lossy().into_owned();
                    return Err(BundleProblem::Unreadable(format!(
                        "{}: {name} is not a plain file ({other:?})",
                        path.display()
                    )));
                }
            }
            let name = entry.path().map_err(unreadable)?.to_string_lossy().into_owned();
            let name = name.rsplit('/').next().unwrap_or_default().to_owned();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).map_err(unreadable)?;
            files.push((name, bytes));
        }
    }
    files.sort();
    Ok(files)
}

/// Checks a bundle offline with the signer's public key alone: the manifest's signature, then
/// every file's SHA-256 and size against the manifest, and that no file is unlisted.
pub fn verify_bundle(
    files: &[(String, Vec<u8>)],
    key: &PublicKey,
) -> std::result::Result<VerifiedRelease, BundleProblem> {
    for (index, (name, _)) in files.iter().enumerate() {
        if files[..index].iter().any(|(earlier, _)| earlier == name) {
            return Err(BundleProblem::Duplicate(name.clone()));
        }
    }
    let find = |name: &str| files.iter().find(|(n, _)| n == name).map(|(_, bytes)| bytes);
    let manifest = find(MANIFEST_FILE).ok_or_else(|| BundleProblem::Missing(MANIFEST_FILE.to_owned()))?;
    let signature = find(SIGNATURE_FILE).ok_or_else(|| BundleProblem::Missing(SIGNATURE_FILE.to_owned()))?;
    let signature = std::str::from_utf8(signature).unwrap_or_default();
    if !key.verifies(manifest, signature) {
        return Err(BundleProblem::BadSignature { key: key.to_hex() });
    }
    let manifest: Value =
        serde_json::from_slice(manifest).map_err(|error| BundleProblem::BadManifest(error.to_string()))?;
    if manifest["format"] != BUNDLE_FORMAT {
        return Err(BundleProblem::BadManifest(format!("the format is not {BUNDLE_FORMAT}")));
    }
    let listed = manifest["files"].as_array().ok_or_else(|| BundleProblem::BadManifest("no file list".to_owned()))?;
    let mut names = vec![MANIFEST_FILE, SIGNATURE_FILE];
    for entry in listed {
        let name = entry["name"].as_str().unwrap_or_default();
        let expected = entry["sha256"].as_str().unwrap_or_default();
        let bytes = find(name).ok_or_else(|| BundleProblem::Missing(name.to_owned()))?;
        let found = sha256_hex(bytes);
        if found != expected || entry["size"].as_u64() != Some(bytes.len() as u64) {
            return Err(BundleProblem::Altered { file: name.to_owned(), expected: expected.to_owned(), found });
        }
        names.push(name);
    }
    if let Some((extra, _)) = files.iter().find(|(name, _)| !names.contains(&name.as_str())) {
        return Err(BundleProblem::Unlisted(extra.clone()));
    }
    let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    Ok(VerifiedRelease {
        release: s(&manifest["release"]),
        title: s(&manifest["title"]),
        published_at: s(&manifest["published_at"]),
        approved_by: s(&manifest["approved_by"]),
        signer: s(&manifest["signer"]["name"]),
        head_seq: manifest["chain_head"]["seq"].as_i64().unwrap_or_default(),
        head_hash: s(&manifest["chain_head"]["hash"]),
        n_files: listed.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_survives_its_json() {
        let report = RedactionReport {
            min_count: 5,
            datasets: vec![DatasetReport {
                dataset: "persons",
                n_rows: 3,
                fields: domain::publish::allowed_fields("persons").unwrap(),
                withheld: vec![WithheldField {
                    dataset: "persons".to_owned(),
                    field: "birth_date".to_owned(),
                    n_values: 3,
                    reason: domain::publish::REASON_NOT_ALLOWED,
                }],
            }],
            tables: vec![("testimonies", 4, WITHHELD_TABLES[2].1)],
            suppressed: vec![("allegations_by_region".to_owned(), 2)],
            notes: vec!["estimates: none".to_owned()],
        };
        assert_eq!(report_from_json(&report_json(&report)), report);
    }
}
