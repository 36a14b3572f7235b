//! Wrapped data keys of stored protected values (`data_keys`, outside the event log), and the
//! columns that hold sealed values. Rotation rewraps every key in one transaction.

use crypto::stored::WrappedKey;
use domain::protected::Sealed;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, Store, Tx};

/// Every column that holds sealed values: table and column.
pub const SEALED_COLUMNS: &[(&str, &str)] = &[
    ("allegations", "complainant"),
    ("allegations", "medical"),
    ("testimonies", "witness"),
    ("testimonies", "contact"),
    ("testimonies", "text"),
    ("users", "totp_secret"),
];

fn wrapped_from(row: &AnyRow) -> Result<WrappedKey> {
    Ok(WrappedKey {
        value_id: row.try_get("value_id")?,
        key_id: row.try_get("key_id")?,
        bytes: row.try_get("wrapped")?,
    })
}

impl Store {
    /// The wrapped data key of the stored value `value_id`.
    pub async fn data_key(&self, value_id: &str) -> Result<Option<WrappedKey>> {
        let row = sqlx::query("SELECT * FROM data_keys WHERE value_id = $1").bind(value_id).fetch_optional(&self.pool);
        row.await?.as_ref().map(wrapped_from).transpose()
    }

    /// The ids of the master keys that wrap this database's data keys (one, but for a store
    /// altered behind the application's back).
    pub async fn master_key_ids(&self) -> Result<Vec<String>> {
        let ids = sqlx::query_scalar("SELECT DISTINCT key_id FROM data_keys ORDER BY key_id").fetch_all(&self.pool);
        Ok(ids.await?)
    }

    /// Every sealed value of the state tables, with its table and column.
    pub async fn sealed_values(&self) -> Result<Vec<(&'static str, &'static str, Sealed)>> {
        let mut values = Vec::new();
        for (table, column) in SEALED_COLUMNS {
            let sql = format!("SELECT {column} FROM {table} WHERE {column} IS NOT NULL");
            for bytes in sqlx::query_scalar::<_, Vec<u8>>(&sql).fetch_all(&self.pool).await? {
                values.push((*table, *column, Sealed::from_bytes(bytes)));
            }
        }
        Ok(values)
    }
}

impl Tx {
    /// Adds the wrapped data keys of values sealed for the change of this transaction.
    pub async fn put_data_keys(&mut self, keys: &[WrappedKey]) -> Result<()> {
        for key in keys {
            sqlx::query("INSERT INTO data_keys (value_id, key_id, wrapped) VALUES ($1, $2, $3)")
                .bind(&key.value_id)
                .bind(&key.key_id)
                .bind(key.bytes.clone())
                .execute(&mut *self.inner)
                .await?;
        }
        Ok(())
    }

    /// Every wrapped data key, in value-id order.
    pub async fn data_keys(&mut self) -> Result<Vec<WrappedKey>> {
        let rows = sqlx::query("SELECT * FROM data_keys ORDER BY value_id").fetch_all(&mut *self.inner).await?;
        rows.iter().map(wrapped_from).collect()
    }

    /// Replaces a data key's wrapping (key rotation).
    pub async fn rewrap_data_key(&mut self, key: &WrappedKey) -> Result<()> {
        sqlx::query("UPDATE data_keys SET key_id = $1, wrapped = $2 WHERE value_id = $3")
            .bind(&key.key_id)
            .bind(key.bytes.clone())
            .bind(&key.value_id)
            .execute(&mut *self.inner)
            .await?;
        Ok(())
    }
}
