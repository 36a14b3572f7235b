//! Publication's use cases: signed checkpoints of the event log, and releases approved by a
//! reviewer (their bundles are made and checked in `bundle.rs`).
//!
//! A release is built from snapshots redacted through `domain::publish`'s allow-list (never a
//! deny-list), statistics with small-count suppression, and the estimates; its bundle holds the
//! data as CSV and JSON, a redaction report (what was withheld and why, by count, never the
//! values), a README, a manifest of every file's SHA-256 with the chain's head, and the
//! manifest's ed25519 signature. The release and a checkpoint of it commit in one transaction.

use domain::access::{Action, Actor, authorize};
use domain::change::Change;
use domain::date::Timestamp;
use domain::id::ReleaseId;
use domain::publish::{
    Cell, Checkpoint, PublishedTable, Release, SnapshotRow, WITHHELD_TABLES, WithheldField, redact, suppress,
};
use serde_json::Value;

use crate::bundle::{BundleProblem, VerifiedRelease, bundle_files, report_from_json, tar_of, verify_bundle};
use crate::{App, Error, Result, sha256_hex};

pub use crypto::signing::{PublicKey, SigningKey, signer_name_is_valid};
pub use store::publication::ReleaseSummary;

/// The application's signing key and the name it signs under (an organisation or deployment).
#[derive(Debug)]
pub struct Signer {
    pub name: String,
    pub key: SigningKey,
}

/// What a reviewer asks to publish.
#[derive(Debug, Clone)]
pub struct ReleaseRequest {
    pub title: String,
    /// Counts below this are shown as `<min_count` (at least 2).
    pub min_count: u64,
}

/// A published data set: its name, rows and withheld fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetReport {
    pub dataset: &'static str,
    pub n_rows: u64,
    pub fields: &'static [&'static str],
    pub withheld: Vec<WithheldField>,
}

/// What a release withholds, by count: fields per data set, whole tables, suppressed counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedactionReport {
    pub min_count: u64,
    pub datasets: Vec<DatasetReport>,
    /// Tables never published: name, rows withheld, reason.
    pub tables: Vec<(&'static str, u64, &'static str)>,
    /// Statistics tables with counts shown as `<min_count`: table, cells suppressed.
    pub suppressed: Vec<(String, u64)>,
    /// Why a part is missing (no estimate without a link run, ...).
    pub notes: Vec<String>,
}

/// A release before signing: the redacted tables and the report.
#[derive(Debug, Clone)]
pub struct ReleasePreview {
    pub tables: Vec<PublishedTable>,
    pub report: RedactionReport,
}

/// A file of a published release, with what the manifest says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseFileView {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

/// A published release for its page.
#[derive(Debug, Clone)]
pub struct ReleaseDetail {
    pub summary: ReleaseSummary,
    pub files: Vec<ReleaseFileView>,
    pub report: RedactionReport,
}

/// How a checkpoint fared under `verify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckpointStatus {
    /// The signature holds and event `seq` still has the signed hash.
    Valid,
    /// The signature does not match the statement: the checkpoint was altered or forged.
    BadSignature,
    /// Event `seq` now has another hash (or is gone): the log was rewritten before this point.
    HeadDiffers { found: Option<String> },
}

/// A checkpoint, the event that recorded it, and what `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointCheck {
    pub event_seq: i64,
    pub checkpoint: Checkpoint,
    pub status: CheckpointStatus,
}

fn no_signer() -> Error {
    Error::BadInput {
        what: "signing",
        detail: "this database has no signing key: create one with `aqiqat keys signing-key --db DB`".to_owned(),
    }
}

fn cells(pairs: &[(&str, Cell)]) -> SnapshotRow {
    pairs.iter().map(|(name, cell)| ((*name).to_owned(), cell.clone())).collect()
}

fn rounded(value: f64) -> Cell {
    if value.is_finite() { Cell::Int(value.round() as i64) } else { Cell::Text("inf".to_owned()) }
}

impl App {
    /// Uses `signer` to sign checkpoints and releases. Without one, both are refused.
    pub fn with_signer(mut self, signer: Signer) -> App {
        self.signer = Some(std::sync::Arc::new(signer));
        self
    }

    /// The signer's name and public key (hexadecimal), if this database has a signing key.
    pub fn signer(&self) -> Option<(String, String)> {
        self.signer.as_ref().map(|s| (s.name.clone(), s.key.public_key().to_hex()))
    }

    /// Signs the chain's head with the application's key and records the checkpoint as the next
    /// event, in one transaction.
    pub async fn sign_checkpoint(&self, actor: &Actor, now: Timestamp) -> Result<Checkpoint> {
        let permit = authorize(actor, Action::SignCheckpoint)?;
        let signer = self.signer.clone().ok_or_else(no_signer)?;
        let mut tx = self.store.begin().await?;
        let (seq, head_hash) = tx.lock_head().await?;
        if seq == 0 {
            return Err(Error::BadInput { what: "checkpoint", detail: "the event log is empty".to_owned() });
        }
        let checkpoint = signed_checkpoint(&signer, seq, head_hash, now);
        tx.append(&permit, now, &Change::CheckpointSigned { checkpoint: checkpoint.clone() }).await?;
        tx.commit().await?;
        Ok(checkpoint)
    }

    /// Checks every checkpoint: its signature, and that the event it names still has its hash.
    pub async fn verify_checkpoints(&self, actor: &Actor) -> Result<Vec<CheckpointCheck>> {
        authorize(actor, Action::Verify)?;
        let mut checks = Vec::new();
        for (event_seq, checkpoint) in self.store.checkpoints().await? {
            let statement = crypto::signing::CheckpointStatement {
                seq: checkpoint.seq,
                head_hash: &checkpoint.head_hash,
                signed_at_millis: checkpoint.signed_at.as_millis(),
                signer: &checkpoint.signer,
                public_key: &checkpoint.public_key,
            };
            let signed = PublicKey::from_hex(&checkpoint.public_key)
                .is_ok_and(|key| key.verifies(&statement.message(), &checkpoint.signature));
            let status = if !signed {
                CheckpointStatus::BadSignature
            } else {
                match self.store.event_hash(checkpoint.seq).await? {
                    Some(hash) if hash == checkpoint.head_hash => CheckpointStatus::Valid,
                    found => CheckpointStatus::HeadDiffers { found },
                }
            };
            checks.push(CheckpointCheck { event_seq, checkpoint, status });
        }
        Ok(checks)
    }

    /// Checks every published release's bundle as `verify-release` would, with the public key the
    /// release names: who signed it, and whether its files still match its signed manifest.
    pub async fn verify_releases(
        &self,
        actor: &Actor,
    ) -> Result<Vec<(ReleaseSummary, std::result::Result<VerifiedRelease, BundleProblem>)>> {
        authorize(actor, Action::Verify)?;
        let mut checks = Vec::new();
        for summary in self.store.releases().await? {
            let Some((_, files)) = self.store.release(&summary.id).await? else { continue };
            let files: Vec<(String, Vec<u8>)> = files.into_iter().map(|f| (f.name, f.content.into_bytes())).collect();
            let outcome = match PublicKey::from_hex(&summary.public_key) {
                Ok(key) => verify_bundle(&files, &key),
                Err(_) => Err(BundleProblem::BadSignature { key: summary.public_key.clone() }),
            };
            checks.push((summary, outcome));
        }
        Ok(checks)
    }

    /// What a release would publish now and what it would withhold, for the reviewer to see
    /// before approving.
    pub async fn release_preview(&self, actor: &Actor, min_count: u64) -> Result<ReleasePreview> {
        authorize(actor, Action::PublishRelease)?;
        self.snapshot(actor, min_count).await
    }

    async fn snapshot(&self, actor: &Actor, min_count: u64) -> Result<ReleasePreview> {
        let min_count = min_count.max(2);
        let mut tables = Vec::new();
        let mut datasets = Vec::new();
        let mut notes = Vec::new();
        let mut add = |table: PublishedTable, withheld: Vec<WithheldField>, datasets: &mut Vec<DatasetReport>| {
            datasets.push(DatasetReport {
                dataset: table.dataset,
                n_rows: table.rows.len() as u64,
                fields: table.fields,
                withheld,
            });
            tables.push(table);
        };
        for dataset in ["persons", "incidents", "claims"] {
            let rows = self.store.snapshot(dataset).await?.unwrap_or_default();
            let (table, withheld) = redact(dataset, &rows);
            add(table, withheld, &mut datasets);
        }
        let mut suppressed: Vec<(String, u64)> = Vec::new();
        let statistics: Vec<SnapshotRow> = self
            .store
            .statistics()
            .await?
            .into_iter()
            .map(|group| {
                let (count, hidden) = suppress(group.count, min_count);
                if hidden {
                    match suppressed.iter_mut().find(|(table, _)| table == group.table) {
                        Some(entry) => entry.1 += 1,
                        None => suppressed.push((group.table.to_owned(), 1)),
                    }
                }
                let category = if group.category.is_empty() { "unknown".to_owned() } else { group.category };
                cells(&[
                    ("table", Cell::Text(group.table.to_owned())),
                    ("category", Cell::Text(category)),
                    ("count", count),
                ])
            })
            .collect();
        let (table, withheld) = redact("statistics", &statistics);
        add(table, withheld, &mut datasets);
        let estimates = match self.estimate(actor, None, crate::DEFAULT_ESTIMATION_SEED).await {
            Ok(estimation) => estimation
                .overall
                .methods
                .iter()
                .filter_map(|result| {
                    let estimate = result.estimate()?;
                    let (lower, upper) =
                        estimate.interval.map_or((Cell::Null, Cell::Null), |(l, u)| (rounded(l), rounded(u)));
                    let model = match &estimate.model {
                        crate::ModelChosen::LatentClasses { classes } => format!("K = {classes}"),
                        crate::ModelChosen::LogLinear { model } => model.clone(),
                        crate::ModelChosen::Graph { name, .. } => name.clone(),
                        crate::ModelChosen::SumOfDraws | crate::ModelChosen::SumOfEstimates => String::new(),
                    };
                    Some(cells(&[
                        ("method", Cell::Text(result.method.as_str().to_owned())),
                        ("n_observed", Cell::Int(estimation.overall.n_observed as i64)),
                        ("estimate", rounded(estimate.estimate)),
                        ("lower", lower),
                        ("upper", upper),
                        ("model", Cell::Text(model)),
                    ]))
                })
                .collect(),
            Err(error) => {
                notes.push(format!("estimates: none ({error})"));
                Vec::new()
            }
        };
        let (table, withheld) = redact("estimates", &estimates);
        add(table, withheld, &mut datasets);
        let mut withheld_tables = Vec::new();
        for (table, reason) in WITHHELD_TABLES {
            withheld_tables.push((*table, self.store.count_rows(table).await?, *reason));
        }
        let report = RedactionReport { min_count, datasets, tables: withheld_tables, suppressed, notes };
        Ok(ReleasePreview { tables, report })
    }

    /// Publishes a release approved by `actor` (a reviewer): the snapshot, redacted and signed,
    /// and a checkpoint of the release's event, in one transaction.
    pub async fn publish_release(&self, actor: &Actor, now: Timestamp, request: ReleaseRequest) -> Result<ReleaseId> {
        let permit = authorize(actor, Action::PublishRelease)?;
        let signer = self.signer.clone().ok_or_else(no_signer)?;
        let title = request.title.trim().to_owned();
        if title.is_empty() || title.chars().count() > 200 {
            return Err(Error::BadInput { what: "title", detail: "give a title of 1 to 200 characters".to_owned() });
        }
        let approved_by = match actor {
            Actor::User { id, .. } => self.store.user(id).await?.map_or_else(|| id.to_string(), |u| u.display_name),
            Actor::System => "system".to_owned(),
            Actor::Complainant(_) => actor.label(),
        };
        let (head_seq, head_hash) = self.store.head().await?;
        let preview = self.snapshot(actor, request.min_count).await?;
        let id = ReleaseId::from_bits(crypto::token::random_bits());
        let mut release = Release {
            id: id.clone(),
            title,
            published_at: now,
            approved_by,
            head_seq,
            head_hash: head_hash.clone(),
            signer: signer.name.clone(),
            public_key: signer.key.public_key().to_hex(),
            files: Vec::new(),
        };
        release.files = bundle_files(&release, &preview, &signer)?;
        let mut tx = self.store.begin().await?;
        if tx.lock_head().await? != (head_seq, head_hash) {
            return Err(Error::Conflict(
                "the data changed while the release was prepared: approve it again to publish what is there now"
                    .to_owned(),
            ));
        }
        let event = tx.append(&permit, now, &Change::ReleasePublished { release }).await?;
        let checkpoint = signed_checkpoint(&signer, event.seq, event.hash, now);
        tx.append(&permit, now, &Change::CheckpointSigned { checkpoint }).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Recomputes the event hashes from `from_seq` on behind the application's back. Only tamper
    /// tests use this.
    #[doc(hidden)]
    pub async fn tamper_rehash(&self, from_seq: i64) -> Result<()> {
        Ok(self.store.rehash_unchecked(from_seq).await?)
    }

    /// Published releases, newest first. Public: anyone may read them, signed in or not.
    pub async fn releases(&self) -> Result<Vec<ReleaseSummary>> {
        Ok(self.store.releases().await?)
    }

    /// A published release with its files' sizes and hashes and its redaction report. Public.
    pub async fn release(&self, id: &ReleaseId) -> Result<ReleaseDetail> {
        let (summary, files) =
            self.store.release(id).await?.ok_or_else(|| Error::NotFound { what: "release", id: id.to_string() })?;
        let report = files
            .iter()
            .find(|f| f.name == "redaction-report.json")
            .and_then(|f| serde_json::from_str::<Value>(&f.content).ok())
            .map(|value| report_from_json(&value))
            .unwrap_or(RedactionReport {
                min_count: 0,
                datasets: Vec::new(),
                tables: Vec::new(),
                suppressed: Vec::new(),
                notes: Vec::new(),
            });
        let files = files
            .iter()
            .map(|f| ReleaseFileView {
                name: f.name.clone(),
                size: f.content.len() as u64,
                sha256: sha256_hex(f.content.as_bytes()),
            })
            .collect();
        Ok(ReleaseDetail { summary, files, report })
    }

    /// A published release's bundle as a .tar file: its name and bytes. Public.
    pub async fn release_bundle(&self, id: &ReleaseId) -> Result<(String, Vec<u8>)> {
        let (summary, files) =
            self.store.release(id).await?.ok_or_else(|| Error::NotFound { what: "release", id: id.to_string() })?;
        let bytes = tar_of(&summary.id, summary.published_at, &files)?;
        Ok((format!("aqiqat-release-{}.tar", summary.id), bytes))
    }
}

fn signed_checkpoint(signer: &Signer, seq: i64, head_hash: String, now: Timestamp) -> Checkpoint {
    let public_key = signer.key.public_key().to_hex();
    let statement = crypto::signing::CheckpointStatement {
        seq,
        head_hash: &head_hash,
        signed_at_millis: now.as_millis(),
        signer: &signer.name,
        public_key: &public_key,
    };
    let signature = signer.key.sign(&statement.message());
    Checkpoint { seq, head_hash, signed_at: now, signer: signer.name.clone(), public_key, signature }
}
