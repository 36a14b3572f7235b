-- Accounts: the TOTP second factor and sign-in throttling (issue 6, item 3).

-- State, written by apply.rs from user-totp-enrolled, account-locked and account-unlocked events:
-- the sealed TOTP secret (the envelope's bytes, as other sealed columns) and the lock of an account.
ALTER TABLE users ADD COLUMN totp_secret BYTEA;
ALTER TABLE users ADD COLUMN locked_until BIGINT;

-- Not state (outside the log, like sessions): counters of failed sign-ins per account name and per
-- client address. Keys are 'account:<name>' or 'address:<ip>'; unknown names are counted too, so
-- that throttling says nothing about which accounts exist.
CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    window_start BIGINT NOT NULL,
    locked_until BIGINT NOT NULL,
    lockouts BIGINT NOT NULL
);

-- Not state: a password accepted, the second factor still to come. Not a session: it opens no page.
CREATE TABLE sign_in_challenges (
    token_digest TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Not state: the last TOTP step accepted per user, so a code is never accepted twice.
CREATE TABLE totp_steps (
    user_id TEXT PRIMARY KEY,
    last_step BIGINT NOT NULL
);
