//! Accounts and sign-in: adding users, checking passwords, sessions, and user preferences.

use domain::access::{Action, Actor};
use domain::change::Change;
use domain::date::Timestamp;
use domain::entity::{Locale, Role, User};
use domain::id::UserId;
use domain::protected::Protected;

use crate::{App, Error, Result};

/// How long a session lasts without signing in again.
const SESSION_LIFETIME_MILLIS: i64 = 12 * 60 * 60 * 1000;

/// A new account as entered by an administrator.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub locale: Locale,
    pub password: Protected<String>,
}

/// A freshly opened session: the token for the cookie and the CSRF token for forms.
#[derive(Debug, Clone)]
pub struct OpenedSession {
    pub token: String,
    pub csrf_token: String,
    pub user: User,
    pub expires_at: Timestamp,
}

/// The user behind a valid session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: User,
    pub csrf_token: String,
}

impl SignedIn {
    pub fn actor(&self) -> Actor {
        Actor::User { id: self.user.id.clone(), role: self.user.role }
    }
}

fn validate_username(username: &str) -> Result<()> {
    let ok = (3..=64).contains(&username.chars().count())
        && username.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'));
    if ok {
        Ok(())
    } else {
        Err(Error::BadInput {
            what: "user name",
            detail: "3 to 64 letters, digits, dots, hyphens, underscores or @".to_owned(),
        })
    }
}

impl App {
    pub async fn add_user(&self, actor: &Actor, now: Timestamp, new_user: NewUser) -> Result<User> {
        validate_username(&new_user.username)?;
        if new_user.password.expose().chars().count() < 10 {
            return Err(Error::BadInput { what: "password", detail: "at least 10 characters".to_owned() });
        }
        if self.store.user_by_username(&new_user.username).await?.is_some() {
            return Err(Error::UsernameTaken(new_user.username));
        }
        let password = new_user.password.clone();
        let password_hash = tokio::task::spawn_blocking(move || crypto::password::hash_password(password.expose()))
            .await
            .map_err(|e| Error::BadInput { what: "password", detail: e.to_string() })??;
        let user = User {
            id: UserId::from_bits(crypto::token::random_bits()),
            username: new_user.username,
            display_name: new_user.display_name,
            role: new_user.role,
            locale: new_user.locale,
            password_hash,
        };
        self.commit(actor, now, Action::ManageUsers, Change::UserAdded { user: user.clone() }).await?;
        Ok(user)
    }

    /// Checks a user name and password and opens a session. `None` for any failure, taking the same
    /// time whether or not the account exists.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &Protected<String>,
        now: Timestamp,
    ) -> Result<Option<OpenedSession>> {
        let user = self.store.user_by_username(username).await?;
        let phc = user.as_ref().map(|u| u.password_hash.clone());
        let password = password.clone();
        let matches = tokio::task::spawn_blocking(move || {
            let phc = phc.unwrap_or_else(crypto::password::decoy_hash);
            crypto::password::verify_password(password.expose(), &phc)
        })
        .await
        .unwrap_or(false);
        let (Some(user), true) = (user, matches) else { return Ok(None) };
        let token = crypto::token::random_token();
        let csrf_token = crypto::token::random_token();
        let expires_at = Timestamp::from_millis(now.as_millis() + SESSION_LIFETIME_MILLIS);
        let row = store::SessionRow { user_id: user.id.clone(), csrf_token: csrf_token.clone(), expires_at };
        self.store.insert_session(&crypto::token::token_digest(&token), &row, now).await?;
        Ok(Some(OpenedSession { token, csrf_token, user, expires_at }))
    }

    /// The signed-in user for a session token, if the session exists and has not expired.
    pub async fn session(&self, token: &str, now: Timestamp) -> Result<Option<SignedIn>> {
        let digest = crypto::token::token_digest(token);
        let Some((row, user)) = self.store.session_with_user(&digest).await? else { return Ok(None) };
        if row.expires_at <= now {
            return Ok(None);
        }
        Ok(Some(SignedIn { user, csrf_token: row.csrf_token }))
    }

    pub async fn sign_out(&self, token: &str) -> Result<()> {
        Ok(self.store.delete_session(&crypto::token::token_digest(token)).await?)
    }

    pub async fn set_locale(&self, actor: &Actor, now: Timestamp, locale: Locale) -> Result<()> {
        let Actor::User { id, .. } = actor else {
            return Err(Error::BadInput { what: "locale", detail: "only a signed-in user has a locale".to_owned() });
        };
        let change = Change::UserLocaleSet { user_id: id.clone(), locale };
        self.commit(actor, now, Action::ManageOwnAccount, change).await?;
        Ok(())
    }

    /// Whether any account exists (a new database has none until `init` or `demo` adds one).
    pub async fn has_users(&self) -> Result<bool> {
        Ok(self.store.count_users().await? > 0)
    }
}
