//! Account security: the sealed TOTP secret and lock of an account (state, written by `apply.rs`),
//! and, outside the log like sessions, the counters of failed sign-ins, the half-way sign-ins that
//! wait for a second factor, and the last TOTP step each user spent.
//!
//! Counters and challenges are not facts about the world but short-lived bookkeeping of the
//! sign-in door; logging every failed attempt would let anyone grow the log without signing in.
//! A lock is a fact worth auditing, so it is an event (`account-locked`, `account-unlocked`).

use domain::date::Timestamp;
use domain::entity::User;
use domain::id::UserId;
use domain::protected::Sealed;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Error, Result, Store};

/// The security state of one account.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccountSecurity {
    /// The sealed TOTP secret, once the user has enrolled.
    pub totp_secret: Option<Sealed>,
    /// Until when the last recorded lock holds (it may have run out already).
    pub locked_until: Option<Timestamp>,
}

/// Failed sign-ins counted against one key (an account name or a client address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleRow {
    /// Failures since `window_start`.
    pub failures: i64,
    pub window_start: Timestamp,
    /// Sign-in refused before this time (the epoch when not locked).
    pub locked_until: Timestamp,
    /// Locks so far without a success between them, for the back-off.
    pub lockouts: i64,
}

/// A password accepted and a second factor awaited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeRow {
    pub user_id: UserId,
    pub expires_at: Timestamp,
}

pub(crate) fn security_from(row: &AnyRow) -> Result<AccountSecurity> {
    let secret: Option<Vec<u8>> = row.try_get("totp_secret")?;
    let locked: Option<i64> = row.try_get("locked_until")?;
    Ok(AccountSecurity {
        totp_secret: secret.map(Sealed::from_bytes),
        locked_until: locked.map(Timestamp::from_millis),
    })
}

impl Store {
    /// The TOTP secret and lock of a user (default for an unknown id).
    pub async fn account_security(&self, user_id: &UserId) -> Result<AccountSecurity> {
        let row = sqlx::query("SELECT totp_secret, locked_until FROM users WHERE id = $1")
            .bind(user_id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(security_from).transpose().map(Option::unwrap_or_default)
    }

    /// A user by name with their account security, in one query.
    pub async fn user_with_security(&self, username: &str) -> Result<Option<(User, AccountSecurity)>> {
        let row =
            sqlx::query("SELECT * FROM users WHERE username = $1").bind(username).fetch_optional(&self.pool).await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some((crate::read::user_from(&row)?, security_from(&row)?)))
    }

    /// Every user with their account security, by user name.
    pub async fn users_with_security(&self) -> Result<Vec<(User, AccountSecurity)>> {
        let rows = sqlx::query("SELECT * FROM users ORDER BY username").fetch_all(&self.pool).await?;
        rows.iter().map(|row| Ok((crate::read::user_from(row)?, security_from(row)?))).collect()
    }

    pub async fn throttle(&self, key: &str) -> Result<Option<ThrottleRow>> {
        let row = sqlx::query(
            "SELECT failures, window_start, locked_until, lockouts FROM login_throttle WHERE throttle_key = $1",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(ThrottleRow {
            failures: row.try_get("failures")?,
            window_start: Timestamp::from_millis(row.try_get("window_start")?),
            locked_until: Timestamp::from_millis(row.try_get("locked_until")?),
            lockouts: row.try_get("lockouts")?,
        }))
    }

    /// Replaces a key's row by `new` only if it still is `old` (`None`: no row yet), in one
    /// statement: false when another request changed it first, and the caller reads again. Two
    /// failed sign-ins at once therefore both count.
    pub async fn swap_throttle(&self, key: &str, old: Option<&ThrottleRow>, new: &ThrottleRow) -> Result<bool> {
        let done = match old {
            None => {
                sqlx::query(
                    "INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until, lockouts) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (throttle_key) DO NOTHING",
                )
                .bind(key)
                .bind(new.failures)
                .bind(new.window_start.as_millis())
                .bind(new.locked_until.as_millis())
                .bind(new.lockouts)
                .execute(&self.pool)
                .await?
            }
            Some(old) => {
                sqlx::query(
                    "UPDATE login_throttle SET failures = $2, window_start = $3, locked_until = $4, lockouts = $5 \
                     WHERE throttle_key = $1 AND failures = $6 AND window_start = $7 AND locked_until = $8 \
                     AND lockouts = $9",
                )
                .bind(key)
                .bind(new.failures)
                .bind(new.window_start.as_millis())
                .bind(new.locked_until.as_millis())
                .bind(new.lockouts)
                .bind(old.failures)
                .bind(old.window_start.as_millis())
                .bind(old.locked_until.as_millis())
                .bind(old.lockouts)
                .execute(&self.pool)
                .await?
            }
        };
        Ok(done.rows_affected() == 1)
    }

    pub async fn clear_throttle(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1").bind(key).execute(&self.pool).await?;
        Ok(())
    }

    pub async fn insert_challenge(&self, token_digest: &str, challenge: &ChallengeRow, now: Timestamp) -> Result<()> {
        // Expired challenges are swept on every new one, as sessions are.
        sqlx::query("DELETE FROM sign_in_challenges WHERE expires_at < $1")
            .bind(now.as_millis())
            .execute(&self.pool)
            .await?;
        sqlx::query("INSERT INTO sign_in_challenges (token_digest, user_id, expires_at) VALUES ($1, $2, $3)")
            .bind(token_digest)
            .bind(challenge.user_id.as_str())
            .bind(challenge.expires_at.as_millis())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn challenge(&self, token_digest: &str) -> Result<Option<ChallengeRow>> {
        let row = sqlx::query("SELECT user_id, expires_at FROM sign_in_challenges WHERE token_digest = $1")
            .bind(token_digest)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let user_id: String = row.try_get("user_id")?;
        let user_id = UserId::parse(&user_id).map_err(|e| crate::Error::Corrupt {
            table: "sign_in_challenges",
            column: "user_id",
            detail: e.to_string(),
        })?;
        Ok(Some(ChallengeRow { user_id, expires_at: Timestamp::from_millis(row.try_get("expires_at")?) }))
    }

    pub async fn delete_challenge(&self, token_digest: &str) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_challenges WHERE token_digest = $1")
            .bind(token_digest)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Spends TOTP step `step` for a user: true when it is later than every step spent before, in one
    /// statement, so two requests racing with the same code cannot both succeed.
    pub async fn spend_totp_step(&self, user_id: &UserId, step: i64) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO totp_steps (user_id, last_step) VALUES ($1, $2) ON CONFLICT (user_id) \
             DO UPDATE SET last_step = excluded.last_step WHERE totp_steps.last_step < excluded.last_step",
        )
        .bind(user_id.as_str())
        .bind(step)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Deletes the sign-in bookkeeping that can no longer matter: sessions and challenges expired by
    /// `now`, and throttle rows whose window began and whose lock ended before `stale_before` (the
    /// caller keeps them long enough for the back-off to count repeated locks). Returns the rows
    /// deleted. Bookkeeping outside the log, so no event.
    pub async fn sweep_sign_in_bookkeeping(&self, now: Timestamp, stale_before: Timestamp) -> Result<u64> {
        let mut n_deleted = 0;
        for sql in
            ["DELETE FROM sessions WHERE expires_at <= $1", "DELETE FROM sign_in_challenges WHERE expires_at <= $1"]
        {
            n_deleted += sqlx::query(sql).bind(now.as_millis()).execute(&self.pool).await?.rows_affected();
        }
        n_deleted += sqlx::query("DELETE FROM login_throttle WHERE window_start < $1 AND locked_until < $1")
            .bind(stale_before.as_millis())
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n_deleted)
    }

    /// Whether `digest` is one of the user's recovery codes not yet used.
    pub async fn recovery_code_unused(&self, user_id: &UserId, digest: &str) -> Result<bool> {
        let row =
            sqlx::query("SELECT 1 AS found FROM recovery_codes WHERE user_id = $1 AND code_digest = $2 AND used = 0")
                .bind(user_id.as_str())
                .bind(digest)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.is_some())
    }

    /// How many of the user's recovery codes are left.
    pub async fn recovery_codes_left(&self, user_id: &UserId) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used = 0")
            .bind(user_id.as_str())
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }
}

/// Replaces a user's recovery codes by `digests` (none: removes them).
pub(crate) async fn apply_recovery_codes(
    conn: &mut AnyConnection,
    seq: i64,
    user_id: &UserId,
    digests: &[String],
) -> Result<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id.as_str()).execute(&mut *conn).await?;
    for digest in digests {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_digest, used, event_seq) VALUES ($1, $2, 0, $3)")
            .bind(user_id.as_str())
            .bind(digest)
            .bind(seq)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Spends one recovery code; refuses (rolling the transaction back) a code used or never issued,
/// so that two sign-ins racing with one code cannot both pass.
pub(crate) async fn apply_recovery_code_used(
    conn: &mut AnyConnection,
    seq: i64,
    user_id: &UserId,
    digest: &str,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE recovery_codes SET used = 1, event_seq = $1 WHERE user_id = $2 AND code_digest = $3 AND used = 0",
    )
    .bind(seq)
    .bind(user_id.as_str())
    .bind(digest)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 { Ok(()) } else { Err(Error::RecoveryCodeSpent) }
}
