//! The store: SQLite (embedded, the default) and PostgreSQL behind one interface, with the
//! append-only, hash-chained event log and the state tables derived from it.
//!
//! Every mutation goes through [`Tx::append`], which applies a [`Change`] to the state tables and
//! appends it to the event log in the same transaction; nothing else writes state. [`verify`]
//! replays the log into a fresh in-memory database and compares.
//!
//! One set of SQL strings serves both backends through sqlx's Any driver, so columns hold only
//! integers, text and bytes (ids and dates as text, times as integer milliseconds).
//!
//! [`verify`]: crate::verify::verify

// Panics are bugs: in this crate a failure is an error value, never an unwrap.
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod apply;
mod apply_registry;
pub mod complaints;
mod data_keys;
pub mod evidence;
mod protected;
pub mod publication;
pub mod read;
pub mod registry;
mod sessions;
pub mod verify;
pub mod vetting;

use std::str::FromStr;
use std::time::Duration;

use domain::access::Permit;
use domain::change::{Change, PAYLOAD_VERSION};
use domain::date::Timestamp;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Connection, Executor, Row};

pub use accounts::{AccountSecurity, ChallengeRow, ThrottleRow};
pub use data_keys::SEALED_COLUMNS;
pub use protected::ProtectedReadRow;
pub use sessions::SessionRow;

/// The store crate's one error type.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("`{url}` is not a database address (expected a file path, sqlite:PATH or postgres://...)")]
    BadUrl { url: String },
    #[error("stored value in {table}.{column} is invalid: {detail}")]
    Corrupt { table: &'static str, column: &'static str, detail: String },
    /// A recovery code spent or never issued: its use is refused and its transaction rolled back.
    #[error("the recovery code is not one of the user's unused codes")]
    RecoveryCodeSpent,
    /// A custody entry that does not follow its item's last entry: refused, so a chain never forks.
    #[error("the custody log of {evidence_id} cannot take this entry: {detail}")]
    CustodyOutOfOrder { evidence_id: String, detail: String },
}

pub type Result<T> = std::result::Result<T, Error>;

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// An open database: a connection pool and its backend.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// Turns what a user typed after `--db` into a connection URL: a bare path means SQLite.
pub fn database_url(db: &str) -> String {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") || db.starts_with("sqlite:") {
        db.to_owned()
    } else {
        format!("sqlite://{db}?mode=rwc")
    }
}

impl Store {
    /// Opens (creating a SQLite file if needed) and migrates the database at `db`.
    pub async fn open(db: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let url = database_url(db);
        let backend = if url.starts_with("sqlite:") { Backend::Sqlite } else { Backend::Postgres };
        let options = AnyConnectOptions::from_str(&url).map_err(|_| Error::BadUrl { url: db.to_owned() })?;
        let in_memory = url.contains(":memory:");
        let pool = AnyPoolOptions::new()
            // An in-memory SQLite database lives in one connection; on PostgreSQL a few connections
            // per core serve best (shared/research/service.md).
            .max_connections(if in_memory { 1 } else { 8 })
            .min_connections(if in_memory { 1 } else { 0 })
            .idle_timeout(if in_memory { None } else { Some(Duration::from_secs(600)) })
            .max_lifetime(if in_memory { None } else { Some(Duration::from_secs(1800)) })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let store = Store { pool, backend };
        store.migrate().await?;
        Ok(store)
    }

    /// A fresh, empty, migrated in-memory SQLite database (replays and tests).
    pub async fn open_in_memory() -> Result<Store> {
        Store::open("sqlite::memory:").await
    }

    async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&self.pool).await?,
            Backend::Postgres => sqlx::migrate!("migrations/postgres").run(&self.pool).await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts a write transaction. Only `app` calls this.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(Tx { inner: self.pool.begin().await? })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Runs a raw SQL statement outside the event log. Tests use it to tamper with the database
    /// behind the application's back; nothing in the product calls it.
    pub async fn execute_unchecked(&self, sql: &str) -> Result<u64> {
        Ok(sqlx::raw_sql(sql).execute(&self.pool).await?.rows_affected())
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }
}

/// One event as stored in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    pub seq: i64,
    pub occurred_at: Timestamp,
    pub actor: String,
    pub kind: String,
    pub payload_version: i32,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

/// A write transaction. Dropping it without [`Tx::commit`] rolls everything back.
pub struct Tx {
    inner: sqlx::Transaction<'static, Any>,
}

impl Tx {
    /// Applies `change` to the state tables and appends it to the event log, in this transaction.
    ///
    /// The permit is the proof that `app` authorised the change; its actor is recorded.
    pub async fn append(&mut self, permit: &Permit, now: Timestamp, change: &Change) -> Result<EventRecord> {
        let payload = serde_json::to_string(change).map_err(|error| Error::Corrupt {
            table: "events",
            column: "payload",
            detail: error.to_string(),
        })?;
        // Taking the chain head with an UPDATE first makes this transaction the only writer: a row
        // lock on PostgreSQL, the database write lock on SQLite.
        let head = sqlx::query("UPDATE chain_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
            .fetch_one(&mut *self.inner)
            .await?;
        let seq: i64 = head.try_get("seq")?;
        let prev_hash: String = head.try_get("hash")?;
        apply::apply(&mut self.inner, seq, change).await?;
        let actor = permit.actor().label();
        let prev = decode_hash(&prev_hash)?;
        let content = crypto::chain::EventContent {
            seq,
            occurred_at_millis: now.as_millis(),
            actor: &actor,
            kind: change.kind(),
            payload_version: PAYLOAD_VERSION,
            payload: &payload,
        };
        let hash = hex::encode(crypto::chain::event_hash(&content, &prev));
        sqlx::query(
            "INSERT INTO events (seq, occurred_at, actor, kind, payload_version, payload, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(seq)
        .bind(now.as_millis())
        .bind(&actor)
        .bind(change.kind())
        .bind(i64::from(PAYLOAD_VERSION))
        .bind(&payload)
        .bind(&prev_hash)
        .bind(&hash)
        .execute(&mut *self.inner)
        .await?;
        sqlx::query("UPDATE chain_head SET hash = $1 WHERE id = 1").bind(&hash).execute(&mut *self.inner).await?;
        Ok(EventRecord {
            seq,
            occurred_at: now,
            actor,
            kind: change.kind().to_owned(),
            payload_version: PAYLOAD_VERSION,
            payload,
            prev_hash,
            hash,
        })
    }

    pub async fn commit(self) -> Result<()> {
        Ok(self.inner.commit().await?)
    }
}

pub(crate) fn decode_hash(text: &str) -> Result<[u8; 32]> {
    hex::decode(text).ok().and_then(|bytes| <[u8; 32]>::try_from(bytes).ok()).ok_or_else(|| Error::Corrupt {
        table: "events",
        column: "hash",
        detail: format!("`{text}` is not a 32-byte hex hash"),
    })
}

impl Store {
    /// Names returned by a catalogue query, sorted. Tests use it to check the schema.
    #[doc(hidden)]
    pub async fn table_names(&self, sql: &str) -> Result<Vec<String>> {
        let mut names: Vec<String> = sqlx::query_scalar(sql).fetch_all(&self.pool).await?;
        names.sort();
        Ok(names)
    }
}

/// Creates a fresh, empty database on the PostgreSQL server at `admin_url` and returns its URL.
/// Tests use it so that each case has a database of its own.
#[doc(hidden)]
pub async fn create_test_database(admin_url: &str) -> Result<String> {
    let name = format!("aqiqat_test_{:016x}", crypto::token::random_bits() as u64);
    // A bare connection: opening a `Store` would run Aqiqat's migrations on the maintenance
    // database itself, and tests of two checkouts with different migrations would then refuse it.
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(admin_url).await?;
    sqlx::raw_sql(&format!("CREATE DATABASE {name}")).execute(&mut admin).await?;
    admin.close().await?;
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(base, _)| base);
    Ok(format!("{base}/{name}"))
}

/// The PostgreSQL server for tests: `TEST_POSTGRES_URL`, or `None` outside CI. Under CI (`CI` set)
/// a missing server is an error, so PostgreSQL cases can never be skipped there.
#[doc(hidden)]
pub fn test_postgres_url() -> Option<String> {
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(url) => Some(url),
        Err(_) => {
            assert!(
                std::env::var("CI").is_err(),
                "CI is set but TEST_POSTGRES_URL is not: PostgreSQL tests cannot be skipped in CI"
            );
            eprintln!("TEST_POSTGRES_URL is not set: skipping a PostgreSQL case");
            None
        }
    }
}
