//! The application layer: every use case of Aqiqat, for the server and the command line alike.
//!
//! Use cases take an [`Actor`] and the time `now`; authorization ([`domain::access::authorize`])
//! and audit (the event appended with each change) happen here and only here. `server` and `cli`
//! never touch the store directly. A mutation commits together with its event or not at all.

// Panics are bugs: in this crate a failure is an error value, never an unwrap.
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod bundle;
mod capture;
mod classified;
mod clusters;
mod complaints;
mod demo_load;
mod estimation;
mod evidence;
mod evidence_bundle;
mod forces;
mod funnel;
mod import;
mod keys;
mod linking;
mod protected;
mod registry;
mod release;
mod review;
mod summary;
mod throttle;
mod vault;
mod vetting;

use std::sync::Arc;

use crypto::stored::WrappedKey;
use domain::access::{Action, Actor, Denied, authorize};
use domain::change::Change;
use domain::date::Timestamp;
use domain::protected::{Protected, Sealed};

pub use accounts::{
    AccountStatus, N_RECOVERY_CODES, NewUser, OpenedSession, RecoveryCodes, SignIn, SignedIn, TotpEnrolment,
};
pub use bundle::{BundleProblem, VerifiedRelease, read_bundle, verify_bundle, verify_bundle_at};
pub use capture::{CaptureHistories, Stratify};
pub use complaints::{
    ComplainantStatus, Intake, IssuedAccess, SharedStep, StatusCheck, WithdrawalRequest, normalize_code, overdue,
};
pub use demo_load::{
    DEMO_ADMIN_USERNAME, DEMO_ANALYST_USERNAME, DEMO_INVESTIGATOR_USERNAME, DemoPasswords, DemoSummary,
};
pub use estimation::Method as EstimationMethod;
pub use estimation::{
    DEFAULT_SEED as DEFAULT_ESTIMATION_SEED, Diagnostics, Estimation, EstimationSettings, MethodEstimate,
    MethodFailure, MethodResult, ModelChosen, POOLED_STRATUM, Posteriors, TableEstimate, estimate_histories,
};
pub use evidence::{
    AddedEvidence, EvidenceDetail, EvidenceRow, ExportedBundle, NewEvidence, OpenedEvidence, VaultCheck,
    default_vault_dir,
};
pub use evidence_bundle::{
    CUSTODY_FILE, EVIDENCE_BUNDLE_FORMAT, EvidenceBundleProblem, VerifiedEvidenceBundle, verify_evidence_bundle,
    verify_evidence_bundle_at,
};
pub use forces::{PlaceOnDay, UnitAtPlace, UnitAttribution};
pub use funnel::{
    Funnel, FunnelCounts, FunnelGroup, PressureCounts, PressureGroup, Stage, funnel_of, pressure_counts_of,
};
pub use import::{
    ImportDetail, ImportReport, ImportRequest, ImportTarget, NewSource, ParsedRecord, Table, TableRow, check_mapping,
    detect_mapping, parse_age_cell, parse_date_cell, parse_gender_cell, parse_records, read_table, sha256_hex,
};
pub use linking::{LinkReport, LinkRequest, REVIEW_BAND_PPM};
pub use mse::Error as EstimationError;
/// The engine's reasons for caution, worded by the pages in each language.
pub use mse::warning::Warning as EstimationWarning;
pub use protected::{OpenedAllegation, OpenedTestimony};
pub use registry::{IncidentDetail, Labels, Page, PersonDetail, SourceDetail, UnitDetail};
pub use release::{
    CheckpointCheck, CheckpointStatus, DatasetReport, PublicKey, RedactionReport, ReleaseDetail, ReleaseFileView,
    ReleasePreview, ReleaseRequest, ReleaseSummary, Signer, SigningKey, signer_name_is_valid,
};
pub use review::{Membership, PairDetail, QueueView, RegistryPage};
pub use store::ProtectedReadRow;
pub use store::complaints::{AllegationFacts, AllegationRow};
pub use store::registry::{
    DecisionRow, ImportSummary, LinkedRecord, ListSource, PlaceCount, QueueItem, QueueSide, RecordName, RegistryFilter,
    RegistryRow, StoredPair,
};
pub use vault::{DEFAULT_MAX_BYTES as DEFAULT_EVIDENCE_MAX_BYTES, FileStatus, Received, Upload, Vault};

/// The largest page of a list a caller may ask for.
pub const MAX_PAGE: i64 = 200;
/// The screening engine's hits, reasons and queries, for the API and the command line.
pub use screening::{Hit as ScreeningEngineHit, NomineeQuery, Reason as ScreeningReason};
pub use store::read::{AttributionView, Counts, PersonViolation, PostingView, Summary};
pub use store::verify::{Problem, VerifyReport};
pub use throttle::LoginPolicy;
pub use vetting::{
    NOMINEE_COLUMNS, NewDecision, NewDutyToInform, NewVettingRequest, NomineeRow, NomineeView, RequestDetail,
    RequestSummary, parse_nominees,
};

/// The app crate's one error type.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error("no {what} with id `{id}`")]
    NotFound { what: &'static str, id: String },
    #[error("{0}")]
    Invalid(#[from] domain::Error),
    #[error("the user name `{0}` is already taken")]
    UsernameTaken(String),
    #[error("{what}: {detail}")]
    BadInput { what: &'static str, detail: String },
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Crypto(#[from] crypto::Error),
    #[error(
        "{file_name} was imported before, as {earlier_file_name} (import {earlier}): the same file is never imported twice"
    )]
    DuplicateImport { file_name: String, earlier: domain::id::ImportId, earlier_file_name: String },
    #[error("{file_name} cannot be read: {detail}")]
    UnreadableFile { file_name: String, detail: String },
    #[error("{0}")]
    Conflict(String),
    #[error("linkage failed: {0}")]
    Linkage(linkage::Error),
    /// An upload past the size limit; nothing of it is kept.
    #[error("the file is larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error(
        "this master key (id {given}) does not open the database: its protected values are sealed under key {needed}"
    )]
    WrongKey { given: String, needed: String },
}

/// Receives progress of long use cases (imports, link runs): a stage with its amount of work,
/// then advances. The command line draws a bar; the server ignores it.
pub trait Progress: Send + Sync {
    /// A new stage begins, with `total` units of work (0 when unknown).
    fn stage(&self, name: &str, total: u64) {
        let _ = (name, total);
    }

    /// `n` more units of the current stage are done.
    fn advance(&self, n: u64) {
        let _ = n;
    }
}

/// Progress that goes nowhere.
#[derive(Debug, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {}

pub type Result<T> = std::result::Result<T, Error>;

/// An open Aqiqat database and the key that seals its protected fields.
#[derive(Clone)]
pub struct App {
    store: store::Store,
    master_key: Arc<MasterKey>,
    /// One estimate at a time: its chains already use every core, and a queue of page loads
    /// should wait rather than share the cores among all of them.
    estimates: Arc<tokio::sync::Semaphore>,
    /// How failed sign-ins are throttled.
    login_policy: throttle::LoginPolicy,
    /// How failed status-page checks are throttled: per code (`account_failures`) and per address.
    status_policy: throttle::LoginPolicy,
    passphrase_checks: Arc<complaints::PassphraseChecks>,
    /// The key that signs checkpoints and releases (`with_signer`); none refuses both.
    signer: Option<Arc<release::Signer>>,
    /// Where evidence files are kept (`with_vault`); none refuses uploads and downloads.
    vault: Option<Arc<vault::Vault>>,
    /// The screening index and the registry head it was built at; rebuilt when the head moves.
    screening: Arc<tokio::sync::Mutex<Option<vetting::ScreeningCache>>>,
}

impl App {
    /// Opens (creating and migrating when new) the database named by `db`: a SQLite file path, or
    /// a `postgres://` URL.
    pub async fn open(db: &str, master_key: MasterKey) -> Result<App> {
        let store = store::Store::open(db).await?;
        // A wrong key (a mistyped passphrase, the file of before a rotation) is refused at once,
        // not at the first protected value it fails to open.
        if let Some(needed) = store.master_key_ids().await?.into_iter().find(|id| *id != master_key.id()) {
            store.close().await;
            return Err(Error::WrongKey { given: master_key.id(), needed });
        }
        Ok(App {
            store,
            master_key: Arc::new(master_key),
            estimates: Arc::new(tokio::sync::Semaphore::new(1)),
            login_policy: throttle::LoginPolicy::default(),
            status_policy: throttle::LoginPolicy::default(),
            passphrase_checks: Arc::default(),
            signer: None,
            vault: None,
            screening: Arc::new(tokio::sync::Mutex::new(None)),
        })
    }

    /// A fresh in-memory database, for tests.
    pub async fn open_in_memory() -> Result<App> {
        let signer = release::Signer { name: "Test".to_owned(), key: release::SigningKey::generate() };
        Ok(App::open("sqlite::memory:", MasterKey::generate()).await?.with_signer(signer))
    }

    pub async fn close(&self) {
        self.store.close().await;
    }

    /// Which engine this database runs on, for display.
    pub fn backend_name(&self) -> &'static str {
        match self.store.backend() {
            store::Backend::Sqlite => "SQLite",
            store::Backend::Postgres => "PostgreSQL",
        }
    }

    /// Whether `actor` may perform `action`: for showing or hiding forms. Every use case still
    /// checks on its own.
    pub fn may(&self, actor: &Actor, action: Action) -> bool {
        authorize(actor, action).is_ok()
    }

    /// Authorizes `action`, then applies `change` and appends its event in one transaction.
    async fn commit(&self, actor: &Actor, now: Timestamp, action: Action, change: Change) -> Result<i64> {
        let permit = authorize(actor, action)?;
        let mut tx = self.store.begin().await?;
        let event = tx.append(&permit, now, &change).await?;
        tx.commit().await?;
        tracing::debug!(seq = event.seq, kind = %event.kind, actor = %event.actor, "committed");
        Ok(event.seq)
    }

    /// Authorizes `action`, then applies `changes` in order and appends their events, all in one
    /// transaction. `each` is told of every change once appended (for progress).
    async fn commit_all(
        &self,
        actor: &Actor,
        now: Timestamp,
        action: Action,
        changes: Vec<Change>,
        each: &(dyn Fn(&Change) + Sync),
    ) -> Result<i64> {
        self.commit_with_keys(actor, now, action, &changes, &[], each).await
    }

    /// Seals a value that is never stored (format 1: its wrapped key inside it).
    fn seal(&self, value: &Protected<String>) -> Sealed {
        crypto::envelope::seal(&self.master_key, value)
    }

    /// Seals a value for storage (format 2), adding its wrapped data key to `keys`, which
    /// [`App::commit_sealed`] stores in the transaction of the change that holds the value.
    fn seal_stored(&self, keys: &mut Vec<WrappedKey>, value: &Protected<String>) -> Sealed {
        let (sealed, key) = crypto::stored::seal(&self.master_key, value);
        keys.push(key);
        sealed
    }

    /// As [`App::commit_all`], storing the wrapped data keys of the values the changes seal.
    async fn commit_sealed(
        &self,
        actor: &Actor,
        now: Timestamp,
        action: Action,
        changes: &[Change],
        keys: &[WrappedKey],
    ) -> Result<i64> {
        self.commit_with_keys(actor, now, action, changes, keys, &|_| ()).await
    }

    /// The one transaction of [`App::commit_all`] and [`App::commit_sealed`]: the changes and
    /// their events, then the wrapped data keys (outside the log) of the values they seal.
    async fn commit_with_keys(
        &self,
        actor: &Actor,
        now: Timestamp,
        action: Action,
        changes: &[Change],
        keys: &[WrappedKey],
        each: &(dyn Fn(&Change) + Sync),
    ) -> Result<i64> {
        let permit = authorize(actor, action)?;
        let mut tx = self.store.begin().await?;
        let mut last = 0;
        for change in changes {
            last = tx.append(&permit, now, change).await?.seq;
            each(change);
        }
        tx.put_data_keys(keys).await?;
        tx.commit().await?;
        tracing::debug!(seq = last, n = changes.len(), "committed");
        Ok(last)
    }

    /// Opens a sealed value: a stored one (format 2) with its data key from the store.
    async fn open_sealed(&self, sealed: &Sealed) -> Result<Protected<String>> {
        let Some(value_id) = crypto::stored::value_id(sealed) else {
            return Ok(crypto::envelope::open(&self.master_key, sealed)?);
        };
        let key = self.store.data_key(&value_id).await?.ok_or(crypto::Error::Unseal)?;
        Ok(crypto::stored::open(&self.master_key, sealed, &key)?)
    }

    /// Opens a sealed field for an actor allowed to read protected values.
    pub async fn unseal(&self, actor: &Actor, sealed: &Sealed) -> Result<Protected<String>> {
        authorize(actor, Action::ReadProtected)?;
        self.open_sealed(sealed).await
    }

    /// Checks the event log's hashes and that the state equals a replay of the log.
    pub async fn verify(&self, actor: &Actor) -> Result<VerifyReport> {
        authorize(actor, Action::Verify)?;
        Ok(store::verify::verify(&self.store).await?)
    }

    /// Runs raw SQL behind the application's back. Only tamper tests use this.
    #[doc(hidden)]
    pub async fn tamper(&self, sql: &str) -> Result<u64> {
        Ok(self.store.execute_unchecked(sql).await?)
    }
}

pub use crypto::envelope::MasterKey;
pub use crypto::passphrase::KdfParams;
pub use keys::{Rotation, SealedCheck};

/// A password that is easy to type (five groups of four characters), for new accounts.
pub fn generate_password() -> String {
    crypto::token::random_password()
}
