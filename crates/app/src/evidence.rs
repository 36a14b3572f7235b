//! The evidence vault's use cases: uploads registered with their first custody entry, the list
//! and an item's page, opening a file (recorded as `viewed` before a byte is handed out),
//! transfers, exports as signed evidence bundles (recorded as `exported`), and the check that
//! every stored file still has its hash.
//!
//! Every custody entry is a `custody-recorded` event committed in the transaction of what it
//! records; its hash covers the previous entry's (`domain::custody`), and the store refuses an entry
//! that does not follow the item's last one.

use std::path::PathBuf;
use std::sync::Arc;

use domain::access::{Action, Actor, authorize};
use domain::change::Change;
use domain::custody::{CustodyAction, CustodyEntry, GENESIS, statement};
use domain::date::Timestamp;
use domain::entity::Evidence;
use domain::id::{EvidenceExportId, EvidenceId, IncidentId};
pub use store::evidence::EvidenceRow;

use crate::evidence_bundle::{ExportItem, write_bundle};
use crate::vault::{FileStatus, Upload, Vault};
use crate::{App, Error, Result, sha256_hex};

/// What an uploader says of a file (its bytes come through an [`Upload`]).
#[derive(Debug, Clone, Default)]
pub struct NewEvidence {
    pub title: String,
    /// The media type as sent (`video/mp4`); `application/octet-stream` when none was given.
    pub media_type: String,
    pub incident_id: Option<IncidentId>,
    /// For a working copy: the original it was made from, and how.
    pub derived_from: Option<EvidenceId>,
    pub derivation: Option<String>,
    /// The note of the `received` entry (where the file came from, on what medium).
    pub note: String,
}

/// What became of an upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedEvidence {
    pub evidence: Evidence,
    /// The same bytes were already an evidence item: that item, unchanged, and no new one.
    pub recognised: bool,
}

/// An evidence item for its page.
#[derive(Debug, Clone)]
pub struct EvidenceDetail {
    pub evidence: Evidence,
    pub custody: Vec<CustodyEntry>,
    /// The original, when this item is a working copy.
    pub original: Option<Evidence>,
    /// The working copies made from this item.
    pub copies: Vec<Evidence>,
    /// The first custody entry whose hash or link does not hold, if any.
    pub broken_entry: Option<u32>,
}

/// The file of an item, opened after its `viewed` entry committed.
#[derive(Debug)]
pub struct OpenedEvidence {
    pub evidence: Evidence,
    pub file: tokio::fs::File,
}

/// An evidence bundle written to a temporary file in the vault (removed when dropped).
#[derive(Debug)]
pub struct ExportedBundle {
    pub id: EvidenceExportId,
    pub file_name: String,
    pub size: u64,
    pub path: tempfile::TempPath,
}

/// One stored file as the vault check found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultCheck {
    pub evidence: Evidence,
    pub status: FileStatus,
}

/// A custody entry's hash: SHA-256 of its statement.
pub(crate) fn entry_hash(entry: &CustodyEntry, evidence_sha256: &str) -> String {
    sha256_hex(&statement(
        &entry.evidence_id,
        evidence_sha256,
        entry.position,
        entry.action,
        &entry.actor,
        entry.at,
        &entry.note,
        &entry.prev_hash,
    ))
}

/// The position of the first entry of `log` whose position, link or hash does not hold.
pub(crate) fn first_broken(log: &[CustodyEntry], evidence_sha256: &str) -> Option<u32> {
    let mut prev = GENESIS.to_owned();
    for (index, entry) in log.iter().enumerate() {
        let first_is_receipt = index != 0 || entry.action == CustodyAction::Received;
        if entry.position as usize != index
            || entry.prev_hash != prev
            || entry_hash(entry, evidence_sha256) != entry.hash
            || !first_is_receipt
        {
            return Some(index as u32);
        }
        prev = entry.hash.clone();
    }
    None
}

fn no_vault() -> Error {
    Error::BadInput {
        what: "evidence vault",
        detail: "this server has no evidence directory: start it with `--evidence-dir DIR` (a SQLite database has \
                 `DB.evidence` by default)"
            .to_owned(),
    }
}

const MAX_TITLE: usize = 300;
const MAX_NOTE: usize = 2000;

fn clean(text: &str, what: &'static str, max: usize) -> Result<String> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(Error::BadInput { what, detail: format!("longer than {max} characters") });
    }
    Ok(text.to_owned())
}

/// A media type as `type/subtype` of token characters, lower-cased; anything else is refused.
fn media_type(text: &str) -> Result<String> {
    let text = text.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if text.is_empty() {
        return Ok("application/octet-stream".to_owned());
    }
    let token = |part: &str| {
        !part.is_empty()
            && part.len() <= 64
            && part.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    match text.split_once('/') {
        Some((kind, sub)) if token(kind) && token(sub) => Ok(text),
        _ => Err(Error::BadInput {
            what: "media type",
            detail: format!("`{text}` is not a media type such as video/mp4"),
        }),
    }
}

impl App {
    /// Keeps evidence files in `vault` (uploads, downloads, exports, checks).
    pub fn with_vault(mut self, vault: Vault) -> App {
        self.vault = Some(Arc::new(vault));
        self
    }

    /// The vault, if this server keeps evidence files.
    pub fn vault(&self) -> Option<&Vault> {
        self.vault.as_deref()
    }

    fn vault_or_refuse(&self) -> Result<&Vault> {
        self.vault.as_deref().ok_or_else(no_vault)
    }

    /// The name a custody entry records for `actor`: the user name, or `system`.
    async fn custody_actor(&self, actor: &Actor) -> Result<String> {
        Ok(match actor {
            Actor::User { id, .. } => self.store.user(id).await?.map_or_else(|| id.to_string(), |u| u.username),
            Actor::System => "system".to_owned(),
            // Complainants hold no evidence permission; the label keeps the log honest if one ever did.
            Actor::Complainant(_) => actor.label(),
        })
    }

    /// The next entry of `evidence`'s custody log (read now; the store refuses it if another
    /// entry slips in before it commits).
    async fn next_entry(
        &self,
        evidence: &Evidence,
        action: CustodyAction,
        actor: &str,
        now: Timestamp,
        note: String,
    ) -> Result<CustodyEntry> {
        let log = self.store.custody_log(&evidence.id).await?;
        let (position, prev_hash) = match log.last() {
            Some(last) => (last.position + 1, last.hash.clone()),
            None => (0, GENESIS.to_owned()),
        };
        let mut entry = CustodyEntry {
            evidence_id: evidence.id.clone(),
            position,
            action,
            actor: actor.to_owned(),
            at: now,
            note,
            prev_hash,
            hash: String::new(),
        };
        entry.hash = entry_hash(&entry, &evidence.sha256);
        Ok(entry)
    }

    /// Commits custody entries (and any change they go with) in one transaction; a race with
    /// another entry for the same item is a conflict to retry, never a fork.
    async fn commit_custody(&self, actor: &Actor, now: Timestamp, changes: Vec<Change>) -> Result<i64> {
        match self.commit_all(actor, now, Action::HandleEvidence, changes, &|_| ()).await {
            Err(Error::Store(store::Error::CustodyOutOfOrder { evidence_id, .. })) => Err(Error::Conflict(format!(
                "another custody entry of {evidence_id} was recorded at the same moment: try again"
            ))),
            other => other,
        }
    }

    /// Starts an upload into the vault (refused to those who may not handle evidence).
    pub fn begin_upload(&self, actor: &Actor) -> Result<Upload> {
        authorize(actor, Action::HandleEvidence)?;
        self.vault_or_refuse()?.begin()
    }

    /// Registers an uploaded file as an evidence item with its `received` entry, in one
    /// transaction; the same bytes uploaded before are recognised as their item instead.
    pub async fn add_evidence(
        &self,
        actor: &Actor,
        now: Timestamp,
        upload: Upload,
        new: NewEvidence,
    ) -> Result<AddedEvidence> {
        authorize(actor, Action::HandleEvidence)?;
        let title = clean(&new.title, "title", MAX_TITLE)?;
        let note = clean(&new.note, "note", MAX_NOTE)?;
        let derivation = new.derivation.as_deref().map(|d| clean(d, "derivation", MAX_NOTE)).transpose()?;
        let media_type = media_type(&new.media_type)?;
        if title.is_empty() {
            return Err(Error::BadInput { what: "title", detail: "say what the file is".to_owned() });
        }
        if let Some(original) = &new.derived_from
            && self.store.evidence(original).await?.is_none()
        {
            return Err(Error::NotFound { what: "original", id: original.to_string() });
        }
        if upload.size() == 0 {
            return Err(Error::BadInput { what: "evidence upload", detail: "the file is empty".to_owned() });
        }
        let is_copy = new.derived_from.is_some();
        let received = upload.finish().await?;
        if let Some(evidence) = self.store.evidence_by_sha256(&received.sha256).await? {
            return Ok(AddedEvidence { evidence, recognised: true });
        }
        let evidence = Evidence {
            id: EvidenceId::from_bits(rand::random()),
            title,
            sha256: received.sha256.clone(),
            size_bytes: received.size,
            media_type,
            received_at: now,
            incident_id: new.incident_id,
            source_id: None,
            derived_from: new.derived_from,
            derivation: if is_copy { derivation } else { None },
        };
        let who = self.custody_actor(actor).await?;
        let note = if note.is_empty() { format!("uploaded, {} bytes", received.size) } else { note };
        let entry = self.next_entry(&evidence, CustodyAction::Received, &who, now, note).await?;
        self.commit_custody(
            actor,
            now,
            vec![Change::EvidenceRegistered { evidence: evidence.clone() }, Change::CustodyRecorded { entry }],
        )
        .await?;
        Ok(AddedEvidence { evidence, recognised: false })
    }

    /// The evidence items, newest first.
    pub async fn evidence_list(&self, actor: &Actor) -> Result<Vec<EvidenceRow>> {
        authorize(actor, Action::HandleEvidence)?;
        Ok(self.store.evidence_list(crate::MAX_PAGE * 5).await?)
    }

    /// An item with its custody log, its original or working copies, and whether its chain holds.
    pub async fn evidence_detail(&self, actor: &Actor, id: &EvidenceId) -> Result<EvidenceDetail> {
        authorize(actor, Action::HandleEvidence)?;
        let evidence = self
            .store
            .evidence(id)
            .await?
            .ok_or_else(|| Error::NotFound { what: "evidence item", id: id.to_string() })?;
        let custody = self.store.custody_log(id).await?;
        let original = match &evidence.derived_from {
            Some(original) => self.store.evidence(original).await?,
            None => None,
        };
        let copies = self.store.evidence_derived_from(id).await?;
        let broken_entry = first_broken(&custody, &evidence.sha256);
        Ok(EvidenceDetail { evidence, custody, original, copies, broken_entry })
    }

    /// Opens an item's file for download: the `viewed` entry commits first, then the file is
    /// handed out. A missing file is refused before anything is recorded.
    pub async fn open_evidence(&self, actor: &Actor, now: Timestamp, id: &EvidenceId) -> Result<OpenedEvidence> {
        authorize(actor, Action::HandleEvidence)?;
        let vault = self.vault_or_refuse()?;
        let evidence = self
            .store
            .evidence(id)
            .await?
            .ok_or_else(|| Error::NotFound { what: "evidence item", id: id.to_string() })?;
        let path = vault.path_of(&evidence.sha256)?;
        let file = tokio::fs::File::open(&path).await.map_err(|error| Error::BadInput {
            what: "evidence file",
            detail: format!("{} is not in the vault ({error}): check it with `aqiqat evidence check`", evidence.id),
        })?;
        let who = self.custody_actor(actor).await?;
        let entry =
            self.next_entry(&evidence, CustodyAction::Viewed, &who, now, "original downloaded".to_owned()).await?;
        self.commit_custody(actor, now, vec![Change::CustodyRecorded { entry }]).await?;
        Ok(OpenedEvidence { evidence, file })
    }

    /// Records that an item was handed to someone outside (the note says to whom and how).
    pub async fn record_transfer(&self, actor: &Actor, now: Timestamp, id: &EvidenceId, note: &str) -> Result<()> {
        authorize(actor, Action::HandleEvidence)?;
        let note = clean(note, "note", MAX_NOTE)?;
        if note.is_empty() {
            return Err(Error::BadInput { what: "note", detail: "say to whom the item was transferred".to_owned() });
        }
        let evidence = self
            .store
            .evidence(id)
            .await?
            .ok_or_else(|| Error::NotFound { what: "evidence item", id: id.to_string() })?;
        let who = self.custody_actor(actor).await?;
        let entry = self.next_entry(&evidence, CustodyAction::Transferred, &who, now, note).await?;
        self.commit_custody(actor, now, vec![Change::CustodyRecorded { entry }]).await.map(drop)
    }

    /// Exports `ids` as an evidence bundle: the `exported` entries commit first (one transaction),
    /// then the bundle is written, signed with the deployment's key, into a temporary file; each
    /// file's hash is checked as it is copied, so an altered file is never exported as intact.
    pub async fn export_evidence(
        &self,
        actor: &Actor,
        now: Timestamp,
        ids: &[EvidenceId],
        note: &str,
    ) -> Result<ExportedBundle> {
        authorize(actor, Action::HandleEvidence)?;
        let vault = self.vault_or_refuse()?.clone();
        let signer = self.signer.clone().ok_or_else(|| Error::BadInput {
            what: "signing",
            detail: "this database has no signing key: create one with `aqiqat keys signing-key --db DB`".to_owned(),
        })?;
        let note = clean(note, "note", MAX_NOTE)?;
        let mut ids: Vec<EvidenceId> = ids.to_vec();
        ids.sort();
        ids.dedup();
        if ids.is_empty() {
            return Err(Error::BadInput { what: "export", detail: "choose at least one evidence item".to_owned() });
        }
        let export_id = EvidenceExportId::from_bits(rand::random());
        let who = self.custody_actor(actor).await?;
        let mut items = Vec::new();
        let mut changes = Vec::new();
        for id in &ids {
            let evidence = self
                .store
                .evidence(id)
                .await?
                .ok_or_else(|| Error::NotFound { what: "evidence item", id: id.to_string() })?;
            if let FileStatus::Missing | FileStatus::Altered { .. } = vault.check(&evidence.sha256)? {
                return Err(Error::Conflict(format!(
                    "the file of {id} is missing from the vault or altered: check it with `aqiqat evidence check`"
                )));
            }
            let line = if note.is_empty() {
                format!("in evidence bundle {export_id}")
            } else {
                format!("in evidence bundle {export_id}: {note}")
            };
            let entry = self.next_entry(&evidence, CustodyAction::Exported, &who, now, line).await?;
            let mut custody = self.store.custody_log(id).await?;
            custody.push(entry.clone());
            changes.push(Change::CustodyRecorded { entry });
            items.push(ExportItem { path: vault.path_of(&evidence.sha256)?, evidence, custody });
        }
        self.commit_custody(actor, now, changes).await?;
        let temp = vault.temp_file()?;
        let id = export_id.clone();
        let (size, temp) = tokio::task::spawn_blocking(move || {
            let (file, path) = temp.into_parts();
            write_bundle(file, &id, now, &who, &signer, &items).map(|size| (size, path))
        })
        .await
        .map_err(|error| Error::BadInput { what: "evidence bundle", detail: error.to_string() })??;
        Ok(ExportedBundle { file_name: format!("aqiqat-evidence-{export_id}.tar"), id: export_id, size, path: temp })
    }

    /// Checks every file held in the vault against its hash, naming those missing or altered.
    pub async fn check_vault(&self, actor: &Actor) -> Result<Vec<VaultCheck>> {
        authorize(actor, Action::Verify)?;
        let vault = self.vault_or_refuse()?.clone();
        let items = self.store.evidence_in_vault().await?;
        tokio::task::spawn_blocking(move || {
            items
                .into_iter()
                .map(|evidence| Ok(VaultCheck { status: vault.check(&evidence.sha256)?, evidence }))
                .collect::<Result<Vec<_>>>()
        })
        .await
        .map_err(|error| Error::BadInput { what: "evidence vault", detail: error.to_string() })?
    }
}

/// Where a database's evidence files go by default: `DB.evidence` beside a SQLite file; a
/// PostgreSQL database has no default (its server's files are elsewhere) and needs `--evidence-dir`.
pub fn default_vault_dir(db: &str) -> Option<PathBuf> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") || db.contains(":memory:") {
        return None;
    }
    let path = db.strip_prefix("sqlite://").or_else(|| db.strip_prefix("sqlite:")).unwrap_or(db);
    let path = path.split('?').next().unwrap_or(path);
    Some(PathBuf::from(format!("{path}.evidence")))
}
