//! The application layer: every use case of Aqiqat, for the server and the command line alike.
//!
//! Use cases take an [`Actor`] and the time `now`; authorization ([`domain::access::authorize`])
//! and audit (the event appended with each change) happen here and only here. `server` and `cli`
//! never touch the store directly. A mutation commits together with its event or not at all.

// Panics are bugs: in this crate a failure is an error value, never an unwrap.
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod demo_load;
mod registry;

use std::sync::Arc;

use domain::access::{Action, Actor, Denied, authorize};
use domain::change::Change;
use domain::date::Timestamp;
use domain::protected::{Protected, Sealed};

pub use accounts::{NewUser, OpenedSession, SignedIn};
pub use demo_load::{DEMO_ADMIN_USERNAME, DemoSummary};
pub use registry::{IncidentDetail, Labels, Page, PersonDetail, SourceDetail, UnitDetail};

/// The largest page of a list a caller may ask for.
pub const MAX_PAGE: i64 = 200;
pub use store::read::{AttributionView, Counts, PersonViolation, PostingView, Summary};
pub use store::verify::{Problem, VerifyReport};

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
}

pub type Result<T> = std::result::Result<T, Error>;

/// An open Aqiqat database and the key that seals its protected fields.
#[derive(Clone)]
pub struct App {
    store: store::Store,
    master_key: Arc<MasterKey>,
}

impl App {
    /// Opens (creating and migrating when new) the database named by `db`: a SQLite file path, or
    /// a `postgres://` URL.
    pub async fn open(db: &str, master_key: MasterKey) -> Result<App> {
        let store = store::Store::open(db).await?;
        Ok(App { store, master_key: Arc::new(master_key) })
    }

    /// A fresh in-memory database, for tests.
    pub async fn open_in_memory() -> Result<App> {
        App::open("sqlite::memory:", MasterKey::generate()).await
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

    /// Authorizes `action`, then applies `change` and appends its event in one transaction.
    async fn commit(&self, actor: &Actor, now: Timestamp, action: Action, change: Change) -> Result<i64> {
        let permit = authorize(actor, action)?;
        let mut tx = self.store.begin().await?;
        let event = tx.append(&permit, now, &change).await?;
        tx.commit().await?;
        tracing::debug!(seq = event.seq, kind = %event.kind, actor = %event.actor, "committed");
        Ok(event.seq)
    }

    fn seal(&self, value: &Protected<String>) -> Sealed {
        crypto::envelope::seal(&self.master_key, value)
    }

    /// Opens a sealed field for an actor allowed to read protected values.
    pub fn unseal(&self, actor: &Actor, sealed: &Sealed) -> Result<Protected<String>> {
        authorize(actor, Action::ReadProtected)?;
        Ok(crypto::envelope::open(&self.master_key, sealed)?)
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

/// A password that is easy to type (five groups of four characters), for new accounts.
pub fn generate_password() -> String {
    crypto::token::random_password()
}
