//! Publication in the store: applying checkpoints and releases (`checkpoints`, `releases`,
//! `release_files`), the raw snapshots a release is redacted from, the counts of its statistics,
//! and reads of what was published.
//!
//! Snapshots select every column (`SELECT *`) on purpose: the allow-list in `domain::publish`
//! decides what is published, so a column added later is withheld unless the list names it.

use domain::date::Timestamp;
use domain::id::ReleaseId;
use domain::publish::{Cell, Checkpoint, Release, ReleaseFile, SnapshotRow};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::read::{col, corrupt};
use crate::{Result, Store};

pub(crate) async fn insert_checkpoint(conn: &mut AnyConnection, seq: i64, checkpoint: &Checkpoint) -> Result<()> {
    sqlx::query(
        "INSERT INTO checkpoints (event_seq, seq, head_hash, signed_at, signer, public_key, signature) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(seq)
    .bind(checkpoint.seq)
    .bind(&checkpoint.head_hash)
    .bind(checkpoint.signed_at.as_millis())
    .bind(&checkpoint.signer)
    .bind(&checkpoint.public_key)
    .bind(&checkpoint.signature)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn insert_release(conn: &mut AnyConnection, seq: i64, release: &Release) -> Result<()> {
    sqlx::query(
        "INSERT INTO releases (id, title, published_at, approved_by, head_seq, head_hash, signer, public_key, \
         event_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(release.id.as_str())
    .bind(&release.title)
    .bind(release.published_at.as_millis())
    .bind(&release.approved_by)
    .bind(release.head_seq)
    .bind(&release.head_hash)
    .bind(&release.signer)
    .bind(&release.public_key)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    for (position, file) in release.files.iter().enumerate() {
        sqlx::query(
            "INSERT INTO release_files (release_id, position, name, size, content, event_seq) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(release.id.as_str())
        .bind(position as i64)
        .bind(&file.name)
        .bind(file.content.len() as i64)
        .bind(&file.content)
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A line of the list of releases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseSummary {
    pub id: ReleaseId,
    pub title: String,
    pub published_at: Timestamp,
    pub approved_by: String,
    pub head_seq: i64,
    pub head_hash: String,
    pub signer: String,
    pub public_key: String,
}

/// One group of a statistics table with its count (before suppression).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupCount {
    pub table: &'static str,
    pub category: String,
    pub count: u64,
}

fn decode(row: &AnyRow, index: usize) -> Cell {
    if let Ok(value) = row.try_get::<Option<i64>, _>(index) {
        return value.map_or(Cell::Null, Cell::Int);
    }
    if let Ok(Some(value)) = row.try_get::<Option<String>, _>(index) {
        return Cell::Text(value);
    }
    if let Ok(Some(value)) = row.try_get::<Option<Vec<u8>>, _>(index) {
        return Cell::Bytes(value);
    }
    Cell::Null
}

/// A row with every column by name; a name seen twice (a join's `event_seq`) is kept once.
fn snapshot_row(row: &AnyRow) -> SnapshotRow {
    use sqlx::Column;
    let mut out: SnapshotRow = Vec::with_capacity(row.columns().len());
    for (index, column) in row.columns().iter().enumerate() {
        if !out.iter().any(|(name, _)| name == column.name()) {
            out.push((column.name().to_owned(), decode(row, index)));
        }
    }
    out
}

fn summary(row: &AnyRow) -> Result<ReleaseSummary> {
    Ok(ReleaseSummary {
        id: col!(row, "releases", "id", ReleaseId::parse),
        title: col!(row, "releases", "title"),
        published_at: Timestamp::from_millis(row.try_get("published_at")?),
        approved_by: col!(row, "releases", "approved_by"),
        head_seq: row.try_get("head_seq")?,
        head_hash: col!(row, "releases", "head_hash"),
        signer: col!(row, "releases", "signer"),
        public_key: col!(row, "releases", "public_key"),
    })
}

impl Store {
    /// Every column of every row of a publishable data set, before redaction: the registry's
    /// active persons (with their person row), incidents, claims. `None` for another name.
    pub async fn snapshot(&self, dataset: &str) -> Result<Option<Vec<SnapshotRow>>> {
        let sql = match dataset {
            "persons" => {
                "SELECT rp.*, p.* FROM registry_persons rp JOIN persons p ON p.id = rp.person_id \
                 WHERE rp.status = 'active' ORDER BY rp.sort_key, rp.person_id"
            }
            "incidents" => "SELECT * FROM incidents ORDER BY date_earliest, id",
            "claims" => "SELECT * FROM claims ORDER BY as_of, id",
            _ => return Ok(None),
        };
        let rows = sqlx::query(sql).fetch_all(&self.pool).await?;
        Ok(Some(rows.iter().map(snapshot_row).collect()))
    }

    /// How many rows `table` holds. Only names from `domain::publish::WITHHELD_TABLES`.
    pub async fn count_rows(&self, table: &str) -> Result<u64> {
        if !domain::publish::WITHHELD_TABLES.iter().any(|(name, _)| *name == table) {
            return Ok(0);
        }
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&self.pool).await?;
        Ok(n.max(0) as u64)
    }

    /// The counts behind a release's statistics, before suppression: deaths by place and by date
    /// of death (active registry persons), violations by kind (victims counted), allegations by
    /// kind and by current region of their incident.
    pub async fn statistics(&self) -> Result<Vec<GroupCount>> {
        // Places by the registry's own key, labelled with their most common spelling.
        let mut out: Vec<GroupCount> = self
            .registry_places()
            .await?
            .into_iter()
            .map(|place| GroupCount {
                table: "deaths_by_place",
                category: place.label,
                count: u64::from(place.n_persons),
            })
            .collect();
        out.sort_by(|a, b| a.category.cmp(&b.category));
        let unplaced: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM registry_persons WHERE status = 'active' AND place_key IS NULL")
                .fetch_one(&self.pool)
                .await?;
        if unplaced > 0 {
            out.push(GroupCount { table: "deaths_by_place", category: String::new(), count: unplaced as u64 });
        }
        let queries: [(&'static str, &str); 4] = [
            (
                "deaths_by_date",
                "SELECT COALESCE(p.death_date, '') AS category, COUNT(*) AS n FROM registry_persons rp \
                 JOIN persons p ON p.id = rp.person_id WHERE rp.status = 'active' \
                 GROUP BY COALESCE(p.death_date, '') ORDER BY category",
            ),
            (
                "violations_by_kind",
                "SELECT kind AS category, CAST(SUM(victim_count) AS BIGINT) AS n FROM violations GROUP BY kind ORDER BY category",
            ),
            (
                "allegations_by_kind",
                "SELECT kind AS category, COUNT(*) AS n FROM allegations GROUP BY kind ORDER BY category",
            ),
            (
                "allegations_by_region",
                "SELECT COALESCE(i.current_region, '') AS category, COUNT(*) AS n FROM allegations a \
                 LEFT JOIN incidents i ON i.id = a.incident_id GROUP BY COALESCE(i.current_region, '') \
                 ORDER BY category",
            ),
        ];
        for (table, sql) in queries {
            for row in sqlx::query(sql).fetch_all(&self.pool).await? {
                let n: Option<i64> = row.try_get("n")?;
                out.push(GroupCount {
                    table,
                    category: col!(row, "statistics", "category"),
                    count: n.unwrap_or(0).max(0) as u64,
                });
            }
        }
        Ok(out)
    }

    /// The chain's head: the last event's sequence number and hash (0 and the genesis hash when
    /// the log is empty).
    pub async fn head(&self) -> Result<(i64, String)> {
        let row = sqlx::query("SELECT seq, hash FROM chain_head WHERE id = 1").fetch_one(&self.pool).await?;
        Ok((row.try_get("seq")?, row.try_get("hash")?))
    }

    /// The stored hash of event `seq`, if there is such an event.
    pub async fn event_hash(&self, seq: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT hash FROM events WHERE seq = $1").bind(seq).fetch_optional(&self.pool).await?)
    }

    /// Every checkpoint with the event that recorded it, oldest first.
    pub async fn checkpoints(&self) -> Result<Vec<(i64, Checkpoint)>> {
        let rows = sqlx::query(
            "SELECT event_seq, seq, head_hash, signed_at, signer, public_key, signature FROM checkpoints \
             ORDER BY event_seq",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("event_seq")?,
                    Checkpoint {
                        seq: row.try_get("seq")?,
                        head_hash: col!(row, "checkpoints", "head_hash"),
                        signed_at: Timestamp::from_millis(row.try_get("signed_at")?),
                        signer: col!(row, "checkpoints", "signer"),
                        public_key: col!(row, "checkpoints", "public_key"),
                        signature: col!(row, "checkpoints", "signature"),
                    },
                ))
            })
            .collect()
    }

    /// Releases, newest first.
    pub async fn releases(&self) -> Result<Vec<ReleaseSummary>> {
        let rows = sqlx::query(
            "SELECT id, title, published_at, approved_by, head_seq, head_hash, signer, public_key FROM releases \
             ORDER BY published_at DESC, id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(summary).collect()
    }

    /// A release with its files in bundle order.
    pub async fn release(&self, id: &ReleaseId) -> Result<Option<(ReleaseSummary, Vec<ReleaseFile>)>> {
        let Some(row) = sqlx::query(
            "SELECT id, title, published_at, approved_by, head_seq, head_hash, signer, public_key FROM releases \
             WHERE id = $1",
        )
        .bind(id.as_str())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let files = sqlx::query("SELECT name, content FROM release_files WHERE release_id = $1 ORDER BY position")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok(ReleaseFile {
                    name: col!(row, "release_files", "name"),
                    content: col!(row, "release_files", "content"),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some((summary(&row)?, files)))
    }
}

impl Store {
    /// Recomputes the hash of every event from `from_seq` on and the chain's head, as someone
    /// holding the database (but not the signing key) could after altering an event. Only tests
    /// use this: it shows that signed checkpoints catch a rewritten log that the hash chain alone
    /// would not.
    #[doc(hidden)]
    pub async fn rehash_unchecked(&self, from_seq: i64) -> Result<()> {
        let rows = sqlx::query(
            "SELECT seq, occurred_at, actor, kind, payload_version, payload, prev_hash FROM events \
             WHERE seq >= $1 ORDER BY seq",
        )
        .bind(from_seq)
        .fetch_all(&self.pool)
        .await?;
        let mut previous: Option<String> = None;
        for row in &rows {
            let seq: i64 = row.try_get("seq")?;
            let prev_hash = previous.clone().unwrap_or(row.try_get("prev_hash")?);
            let (actor, kind, payload): (String, String, String) =
                (row.try_get("actor")?, row.try_get("kind")?, row.try_get("payload")?);
            let content = crypto::chain::EventContent {
                seq,
                occurred_at_millis: row.try_get("occurred_at")?,
                actor: &actor,
                kind: &kind,
                payload_version: row.try_get::<i64, _>("payload_version")? as i32,
                payload: &payload,
            };
            let hash = hex::encode(crypto::chain::event_hash(&content, &crate::decode_hash(&prev_hash)?));
            sqlx::query("UPDATE events SET prev_hash = $1, hash = $2 WHERE seq = $3")
                .bind(&prev_hash)
                .bind(&hash)
                .bind(seq)
                .execute(&self.pool)
                .await?;
            previous = Some(hash);
        }
        if let Some(hash) = previous {
            sqlx::query("UPDATE chain_head SET hash = $1 WHERE id = 1").bind(&hash).execute(&self.pool).await?;
        }
        Ok(())
    }
}

impl crate::Tx {
    /// Takes the chain's head as this transaction's first statement (so this transaction is the
    /// only writer until it ends) and returns it: the last event's sequence number and hash.
    /// A checkpoint signs what this returns, then appends itself as the next event.
    pub async fn lock_head(&mut self) -> Result<(i64, String)> {
        let row = sqlx::query("UPDATE chain_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
            .fetch_one(&mut *self.inner)
            .await?;
        Ok((row.try_get("seq")?, row.try_get("hash")?))
    }
}
