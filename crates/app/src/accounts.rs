//! Accounts and sign-in: adding users, checking passwords and second factors, throttling failed
//! sign-ins, sessions, and user preferences.
//!
//! Sign-in never says why it failed: an unknown name, a wrong password, a wrong code and a locked
//! account all give [`SignIn::Refused`] after the same argon2 work, so neither the answer nor its
//! timing tells whether an account exists. Only a client address that failed too often is told to
//! wait ([`SignIn::TooManyAttempts`]).

use domain::access::{Action, Actor, authorize};
use domain::change::Change;
use domain::date::Timestamp;
use domain::entity::{Locale, Role, User};
use domain::id::UserId;
use domain::protected::Protected;

use crate::throttle::{self, LoginPolicy};
use crate::{App, Error, Result};

/// How long a session lasts without signing in again.
const SESSION_LIFETIME_MILLIS: i64 = 12 * 60 * 60 * 1000;
/// How long a password stays accepted while the second factor is awaited.
const CHALLENGE_LIFETIME_MILLIS: i64 = 5 * 60 * 1000;
/// How long a throttle row outlives its window and lock before the sweep deletes it: a day, longer
/// than any window or lock of the policy.
const SWEEP_AFTER_MILLIS: i64 = 24 * 60 * 60 * 1000;
/// The issuer an authenticator app shows beside the account.
const TOTP_ISSUER: &str = "Aqiqat";

/// The outcome of a sign-in step.
#[derive(Debug, Clone)]
pub enum SignIn {
    /// Signed in: a session is open.
    Session(OpenedSession),
    /// The password was right; a code from the authenticator app is needed next. The token names
    /// this half-way state; it is not a session and opens no page.
    SecondFactor { token: String, expires_at: Timestamp },
    /// Refused, for whatever reason (unknown name, wrong password or code, locked account).
    Refused,
    /// The half-way state is gone (expired, used, or ended by a lock): start again with the password.
    ChallengeGone,
    /// This client address failed too often: wait this many seconds.
    TooManyAttempts { retry_after_seconds: i64 },
}

/// A TOTP secret offered for enrolment: shown to the user, confirmed by a code.
#[derive(Debug, Clone)]
pub struct TotpEnrolment {
    /// The secret in base32, as typed into an authenticator app.
    pub secret: Protected<String>,
    /// The otpauth:// URI with the secret, issuer and account.
    pub uri: Protected<String>,
    /// The secret sealed with the user's id, to come back with the confirming code: the server
    /// keeps no state between showing the secret and its confirmation.
    pub pending: String,
}

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
    /// Whether the user has enrolled a TOTP second factor.
    pub second_factor: bool,
}

impl SignedIn {
    pub fn actor(&self) -> Actor {
        Actor::User { id: self.user.id.clone(), role: self.user.role }
    }

    /// An administrator without a second factor may do nothing but enrol one (and sign out).
    pub fn must_enrol_second_factor(&self) -> bool {
        self.user.role == Role::Administrator && !self.second_factor
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

/// An account as the administrator's list shows it (never its password hash or secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountStatus {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub second_factor: bool,
    /// Until when a lock holds, if one holds at `now`.
    pub locked_until: Option<Timestamp>,
}

/// One-time codes that stand in for the second factor when the device is lost, in clear: shown to
/// their owner once, when made.
pub type RecoveryCodes = Vec<Protected<String>>;

/// How many recovery codes are made at a time.
pub const N_RECOVERY_CODES: usize = 10;

/// Fresh recovery codes (five groups of four letters and digits, about 100 random bits each) and
/// the event that stores their digests.
fn recovery_codes(user_id: &UserId) -> (RecoveryCodes, Change) {
    let codes: Vec<String> = (0..N_RECOVERY_CODES).map(|_| crypto::token::random_password()).collect();
    let digests = codes.iter().map(|code| recovery_code_digest(code)).collect();
    (
        codes.into_iter().map(Protected::new).collect(),
        Change::RecoveryCodesGenerated { user_id: user_id.clone(), digests },
    )
}

/// The digest a recovery code is kept as: of its letters and digits in lower case, so that spaces,
/// hyphens and capitals typed or left out do not matter.
fn recovery_code_digest(code: &str) -> String {
    let canonical: String = code.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    crypto::token::token_digest(&format!("recovery-code:{canonical}"))
}

/// Six digits, as an authenticator app shows (spaces aside).
fn is_totp_code(code: &str) -> bool {
    let digits: Vec<char> = code.chars().filter(|c| !c.is_whitespace()).collect();
    digits.len() == 6 && digits.iter().all(char::is_ascii_digit)
}

impl App {
    /// Every account with its second factor and lock, for an administrator.
    pub async fn accounts(&self, actor: &Actor, now: Timestamp) -> Result<Vec<AccountStatus>> {
        authorize(actor, Action::ManageUsers)?;
        let accounts = self.store.users_with_security().await?;
        Ok(accounts
            .into_iter()
            .map(|(user, security)| AccountStatus {
                user_id: user.id,
                username: user.username,
                display_name: user.display_name,
                role: user.role,
                second_factor: security.totp_secret.is_some(),
                locked_until: security.locked_until.filter(|until| *until > now),
            })
            .collect())
    }

    /// An administrator lifts a lock before it runs out: the `account-unlocked` event names them,
    /// and the account's count of failures starts again.
    pub async fn unlock_account(&self, actor: &Actor, now: Timestamp, user_id: &str) -> Result<()> {
        authorize(actor, Action::ManageUsers)?;
        let (user, security) = self.account(user_id).await?;
        let account_key = throttle::account_key(&user.username);
        let throttled = throttle::locked_for(self.store.throttle(&account_key).await?.as_ref(), now).is_some();
        if !throttled && security.locked_until.is_none_or(|until| until <= now) {
            return Err(Error::Conflict("the account is not locked".to_owned()));
        }
        self.commit(actor, now, Action::ManageUsers, Change::AccountUnlocked { user_id: user.id }).await?;
        self.store.clear_throttle(&account_key).await?;
        Ok(())
    }

    /// An administrator removes another user's second factor (a lost device): a `user-totp-reset`
    /// event; the user's sessions end, and they enrol again when next signed in (administrators must).
    pub async fn reset_second_factor(&self, actor: &Actor, now: Timestamp, user_id: &str) -> Result<()> {
        authorize(actor, Action::ManageUsers)?;
        let (user, security) = self.account(user_id).await?;
        if actor.label() == user.id.as_str() {
            return Err(Error::Conflict("another administrator must reset your second factor".to_owned()));
        }
        if security.totp_secret.is_none() {
            return Err(Error::Conflict("the account has no second factor".to_owned()));
        }
        self.commit(actor, now, Action::ManageUsers, Change::UserTotpReset { user_id: user.id.clone() }).await?;
        self.store.delete_user_sessions(&user.id, "").await?;
        Ok(())
    }

    async fn account(&self, user_id: &str) -> Result<(User, store::AccountSecurity)> {
        let id = UserId::parse(user_id)?;
        let user = self.store.user(&id).await?.ok_or_else(|| Error::NotFound { what: "user", id: id.to_string() })?;
        Ok((user, self.store.account_security(&id).await?))
    }

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

    /// Deletes expired sessions and challenges and throttle rows idle for a day (`SWEEP_AFTER_MILLIS`:
    /// longer than any window or lock, so the back-off still counts locks within it). Run at every
    /// sign-in that gets past the address check, so the tables stay as small as their live rows.
    pub async fn sweep_sign_in_bookkeeping(&self, now: Timestamp) -> Result<u64> {
        let stale_before = Timestamp::from_millis(now.as_millis() - SWEEP_AFTER_MILLIS);
        Ok(self.store.sweep_sign_in_bookkeeping(now, stale_before).await?)
    }

    /// The first step of signing in: a user name and password from a client address. Opens a
    /// session, or asks for the second factor when the user has enrolled one.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &Protected<String>,
        client: &str,
        now: Timestamp,
    ) -> Result<SignIn> {
        let address_key = throttle::address_key(client);
        if let Some(wait) = throttle::locked_for(self.store.throttle(&address_key).await?.as_ref(), now) {
            return Ok(SignIn::TooManyAttempts { retry_after_seconds: seconds_up(wait) });
        }
        self.sweep_sign_in_bookkeeping(now).await?;
        let account_key = throttle::account_key(username);
        let account_locked = throttle::locked_for(self.store.throttle(&account_key).await?.as_ref(), now).is_some();
        let found = self.store.user_with_security(username).await?;
        // The argon2 verification runs whatever the case, against a decoy hash for an unknown name,
        // so that the answer takes as long for an account that does not exist or is locked.
        let phc = found.as_ref().map(|(user, _)| user.password_hash.clone());
        let password = password.clone();
        let matches = tokio::task::spawn_blocking(move || {
            let phc = phc.unwrap_or_else(crypto::password::decoy_hash);
            crypto::password::verify_password(password.expose(), &phc)
        })
        .await
        .unwrap_or(false);
        let Some((user, security)) = found.filter(|_| matches && !account_locked) else {
            return self.failed(&account_key, &address_key, username, now).await;
        };
        if security.totp_secret.is_some() {
            let token = crypto::token::random_token();
            let expires_at = Timestamp::from_millis(now.as_millis() + CHALLENGE_LIFETIME_MILLIS);
            let row = store::ChallengeRow { user_id: user.id.clone(), expires_at };
            self.store.insert_challenge(&crypto::token::token_digest(&token), &row, now).await?;
            return Ok(SignIn::SecondFactor { token, expires_at });
        }
        self.signed_in(user, security, &account_key, now).await
    }

    /// The second step: a code from the authenticator app for the half-way state `challenge`. A
    /// wrong code counts as a failed sign-in; the state survives it until it expires or a lock ends it.
    pub async fn sign_in_second_factor(
        &self,
        challenge: &str,
        code: &str,
        client: &str,
        now: Timestamp,
    ) -> Result<SignIn> {
        let address_key = throttle::address_key(client);
        if let Some(wait) = throttle::locked_for(self.store.throttle(&address_key).await?.as_ref(), now) {
            return Ok(SignIn::TooManyAttempts { retry_after_seconds: seconds_up(wait) });
        }
        let digest = crypto::token::token_digest(challenge);
        let Some(row) = self.store.challenge(&digest).await?.filter(|row| row.expires_at > now) else {
            return Ok(SignIn::ChallengeGone);
        };
        let Some(user) = self.store.user(&row.user_id).await? else {
            self.store.delete_challenge(&digest).await?;
            return Ok(SignIn::ChallengeGone);
        };
        let account_key = throttle::account_key(&user.username);
        if throttle::locked_for(self.store.throttle(&account_key).await?.as_ref(), now).is_some() {
            self.store.delete_challenge(&digest).await?;
            return Ok(SignIn::ChallengeGone);
        }
        let security = self.store.account_security(&user.id).await?;
        let step = match &security.totp_secret {
            Some(sealed) => {
                let secret = self.open_sealed(sealed).await?;
                let bytes = crypto::totp::base32_decode(secret.expose()).unwrap_or_default();
                crypto::totp::matching_step(&bytes, code, now.as_millis())
            }
            None => None,
        };
        // A step is spent once: the same code, or an older one, is refused even within its window.
        let accepted = match step {
            Some(step) => self.store.spend_totp_step(&user.id, step).await?,
            // Not an authenticator's code: perhaps one of the user's recovery codes.
            None if security.totp_secret.is_some() && !is_totp_code(code) => {
                self.spend_recovery_code(&user, code, now).await?
            }
            None => false,
        };
        if !accepted {
            let outcome = self.failed(&account_key, &address_key, &user.username, now).await?;
            if throttle::locked_for(self.store.throttle(&account_key).await?.as_ref(), now).is_some() {
                self.store.delete_challenge(&digest).await?;
            }
            return Ok(outcome);
        }
        self.store.delete_challenge(&digest).await?;
        self.signed_in(user, security, &account_key, now).await
    }

    /// Counts a failure against the account name and the address; a lock of an existing account
    /// is an audit event. Tells the client to wait when its address just became locked.
    async fn failed(&self, account_key: &str, address_key: &str, username: &str, now: Timestamp) -> Result<SignIn> {
        let policy = self.login_policy;
        if let Some((until, failures)) = self.count_failure(account_key, now, policy.account_failures).await?
            && let Some(user) = self.store.user_by_username(username.trim()).await?
        {
            let failures = u32::try_from(failures).unwrap_or(u32::MAX);
            let change = Change::AccountLocked { user_id: user.id, until, failures };
            self.commit(&Actor::System, now, Action::ManageUsers, change).await?;
            tracing::warn!("account locked after repeated failed sign-ins");
        }
        match self.count_failure(address_key, now, policy.address_failures).await? {
            Some((until, _)) => {
                tracing::warn!("client address throttled after repeated failed sign-ins");
                Ok(SignIn::TooManyAttempts { retry_after_seconds: seconds_up(until.as_millis() - now.as_millis()) })
            }
            None => Ok(SignIn::Refused),
        }
    }

    /// One failure against `key`, written only if nobody changed the row since it was read (else
    /// read again), so simultaneous failures all count: a burst of parallel guesses cannot slip
    /// under the limit. Returns the lock this failure started, if any.
    async fn count_failure(&self, key: &str, now: Timestamp, limit: i64) -> Result<Option<(Timestamp, i64)>> {
        for _ in 0..64 {
            let old = self.store.throttle(key).await?;
            let (new, locked) = throttle::record_failure(old, now, &self.login_policy, limit);
            if old.as_ref() == Some(&new) || self.store.swap_throttle(key, old.as_ref(), &new).await? {
                return Ok(locked);
            }
        }
        Err(Error::Conflict("too many simultaneous sign-in attempts".to_owned()))
    }

    /// Every check passed: the account's count starts again, a lock that ran out is lifted (an audit
    /// event), and a session opens.
    async fn signed_in(
        &self,
        user: User,
        security: store::AccountSecurity,
        account_key: &str,
        now: Timestamp,
    ) -> Result<SignIn> {
        self.store.clear_throttle(account_key).await?;
        if security.locked_until.is_some() {
            let change = Change::AccountUnlocked { user_id: user.id.clone() };
            self.commit(&Actor::System, now, Action::ManageUsers, change).await?;
        }
        let token = crypto::token::random_token();
        let csrf_token = crypto::token::random_token();
        let expires_at = Timestamp::from_millis(now.as_millis() + SESSION_LIFETIME_MILLIS);
        let row = store::SessionRow { user_id: user.id.clone(), csrf_token: csrf_token.clone(), expires_at };
        self.store.insert_session(&crypto::token::token_digest(&token), &row, now).await?;
        Ok(SignIn::Session(OpenedSession { token, csrf_token, user, expires_at }))
    }

    /// The signed-in user for a session token, if the session exists and has not expired.
    pub async fn session(&self, token: &str, now: Timestamp) -> Result<Option<SignedIn>> {
        let digest = crypto::token::token_digest(token);
        let Some((row, user, security)) = self.store.session_with_account(&digest).await? else { return Ok(None) };
        if row.expires_at <= now {
            return Ok(None);
        }
        Ok(Some(SignedIn { user, csrf_token: row.csrf_token, second_factor: security.totp_secret.is_some() }))
    }

    /// A fresh TOTP secret for a signed-in user without one. Nothing is stored until it is confirmed.
    pub fn begin_totp_enrolment(&self, signed_in: &SignedIn) -> Result<TotpEnrolment> {
        authorize(&signed_in.actor(), Action::ManageOwnAccount)?;
        if signed_in.second_factor {
            return Err(Error::Conflict("a second factor is already enrolled".to_owned()));
        }
        let secret = crypto::totp::base32_encode(&crypto::totp::generate_secret());
        let uri = crypto::totp::otpauth_uri(TOTP_ISSUER, &signed_in.user.username, &secret_bytes(&secret));
        let pending = self.seal(&Protected::new(format!("{}:{secret}", signed_in.user.id)));
        Ok(TotpEnrolment { secret: Protected::new(secret), uri: Protected::new(uri), pending: String::from(pending) })
    }

    /// The secret of a pending enrolment again, for showing it once more after a wrong code.
    pub fn pending_totp_enrolment(&self, signed_in: &SignedIn, pending: &str) -> Result<TotpEnrolment> {
        let secret = self.open_pending(signed_in, pending)?;
        let uri = crypto::totp::otpauth_uri(TOTP_ISSUER, &signed_in.user.username, &secret_bytes(secret.expose()));
        Ok(TotpEnrolment { secret, uri: Protected::new(uri), pending: pending.to_owned() })
    }

    /// Confirms an enrolment with a code from the app: the secret is stored sealed (an audit event),
    /// its step spent, and the user's other sessions, opened without the factor, end.
    pub async fn confirm_totp_enrolment(
        &self,
        signed_in: &SignedIn,
        session_token: &str,
        pending: &str,
        code: &str,
        now: Timestamp,
    ) -> Result<RecoveryCodes> {
        let actor = signed_in.actor();
        authorize(&actor, Action::ManageOwnAccount)?;
        if signed_in.second_factor {
            return Err(Error::Conflict("a second factor is already enrolled".to_owned()));
        }
        let secret = self.open_pending(signed_in, pending)?;
        let step = crypto::totp::matching_step(&secret_bytes(secret.expose()), code, now.as_millis())
            .ok_or_else(|| Error::BadInput { what: "code", detail: "not the app's current code".to_owned() })?;
        let mut keys = Vec::new();
        let secret = self.seal_stored(&mut keys, &secret);
        let change = Change::UserTotpEnrolled { user_id: signed_in.user.id.clone(), secret };
        let (codes, generated) = recovery_codes(&signed_in.user.id);
        self.commit_sealed(&actor, now, Action::ManageOwnAccount, &[change, generated], &keys).await?;
        self.store.spend_totp_step(&signed_in.user.id, step).await?;
        self.store.delete_user_sessions(&signed_in.user.id, &crypto::token::token_digest(session_token)).await?;
        Ok(codes)
    }

    /// New recovery codes for a user with a second factor, replacing the old ones (an event that
    /// carries only their digests). Shown once, by the caller; never stored in clear.
    pub async fn regenerate_recovery_codes(&self, signed_in: &SignedIn, now: Timestamp) -> Result<RecoveryCodes> {
        let actor = signed_in.actor();
        authorize(&actor, Action::ManageOwnAccount)?;
        if !signed_in.second_factor {
            return Err(Error::Conflict("recovery codes need a second factor first".to_owned()));
        }
        let (codes, generated) = recovery_codes(&signed_in.user.id);
        self.commit(&actor, now, Action::ManageOwnAccount, generated).await?;
        Ok(codes)
    }

    /// How many unused recovery codes a signed-in user has left.
    pub async fn recovery_codes_left(&self, signed_in: &SignedIn) -> Result<i64> {
        authorize(&signed_in.actor(), Action::ManageOwnAccount)?;
        Ok(self.store.recovery_codes_left(&signed_in.user.id).await?)
    }

    /// Whether `code` is one of the user's unused recovery codes; if so it is spent, as a
    /// `recovery-code-used` event by the system (the sign-in door, as for locks).
    async fn spend_recovery_code(&self, user: &User, code: &str, now: Timestamp) -> Result<bool> {
        let digest = recovery_code_digest(code);
        if !self.store.recovery_code_unused(&user.id, &digest).await? {
            return Ok(false);
        }
        let change = Change::RecoveryCodeUsed { user_id: user.id.clone(), digest };
        match self.commit(&Actor::System, now, Action::ManageUsers, change).await {
            Ok(_) => Ok(true),
            // Another sign-in spent it first.
            Err(Error::Store(store::Error::RecoveryCodeSpent)) => Ok(false),
            Err(error) => Err(error),
        }
    }

    fn open_pending(&self, signed_in: &SignedIn, pending: &str) -> Result<Protected<String>> {
        let refused = || Error::BadInput { what: "enrolment", detail: "start the enrolment again".to_owned() };
        let sealed = domain::protected::Sealed::try_from(pending.to_owned()).map_err(|_| refused())?;
        let opened = crypto::envelope::open(&self.master_key, &sealed).map_err(|_| refused())?;
        // The sealed text names its user: a pending secret is no use to anyone else's account.
        let (user, secret) = opened.expose().split_once(':').ok_or_else(refused)?;
        if user != signed_in.user.id.as_str() {
            return Err(refused());
        }
        Ok(Protected::new(secret.to_owned()))
    }

    /// Sets how sign-in failures are throttled (tests use small numbers).
    pub fn set_login_policy(&mut self, policy: LoginPolicy) {
        self.login_policy = policy;
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

/// Whole seconds, rounded up, of a wait in milliseconds: a Retry-After of zero would invite a retry
/// that is still refused.
fn seconds_up(millis: i64) -> i64 {
    (millis + 999).div_euclid(1000).max(1)
}

fn secret_bytes(base32: &str) -> Vec<u8> {
    crypto::totp::base32_decode(base32).unwrap_or_default()
}
