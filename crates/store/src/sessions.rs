//! Sign-in sessions. Not part of the event-sourced state: a session is a short-lived credential,
//! not a fact about the world, so it is stored (as a digest of its token) outside the log.

use domain::date::Timestamp;
use domain::id::UserId;
use sqlx::Row;

use crate::{Result, Store};

/// A stored session: whose it is, its CSRF token, and when it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub user_id: UserId,
    pub csrf_token: String,
    pub expires_at: Timestamp,
}

impl Store {
    pub async fn insert_session(&self, token_digest: &str, session: &SessionRow, now: Timestamp) -> Result<()> {
        // Expired sessions are swept on every sign-in, which keeps the table small without a timer.
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now.as_millis()).execute(&self.pool).await?;
        sqlx::query(
            "INSERT INTO sessions (token_digest, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_digest)
        .bind(session.user_id.as_str())
        .bind(&session.csrf_token)
        .bind(now.as_millis())
        .bind(session.expires_at.as_millis())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The session and its user in one query: every signed-in page asks for both.
    pub async fn session_with_user(&self, token_digest: &str) -> Result<Option<(SessionRow, domain::entity::User)>> {
        Ok(self.session_with_account(token_digest).await?.map(|(session, user, _)| (session, user)))
    }

    /// The session, its user and the user's account security in one query: a signed-in page also
    /// needs to know whether an administrator still has to enrol a second factor.
    pub async fn session_with_account(
        &self,
        token_digest: &str,
    ) -> Result<Option<(SessionRow, domain::entity::User, crate::AccountSecurity)>> {
        let row = sqlx::query(
            "SELECT s.csrf_token, s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_digest = $1",
        )
        .bind(token_digest)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let user = crate::read::user_from(&row)?;
        let security = crate::accounts::security_from(&row)?;
        let session = SessionRow {
            user_id: user.id.clone(),
            csrf_token: row.try_get("csrf_token")?,
            expires_at: Timestamp::from_millis(row.try_get("expires_at")?),
        };
        Ok(Some((session, user, security)))
    }

    pub async fn delete_session(&self, token_digest: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_digest = $1").bind(token_digest).execute(&self.pool).await?;
        Ok(())
    }

    /// Ends every session of a user (on enrolling a second factor, the sessions opened without it).
    pub async fn delete_user_sessions(&self, user_id: &UserId, keep_digest: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_digest <> $2")
            .bind(user_id.as_str())
            .bind(keep_digest)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
