-- Recovery codes for the second factor (issue 6, item 3).

-- State, written by apply.rs from recovery-codes-generated (which replaces a user's codes),
-- recovery-code-used and user-totp-reset (which removes them). Only the BLAKE3 digest of each code
-- is kept (a code carries about 100 random bits); used is 1 once spent, and event_seq then names
-- the event that spent it.
CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL,
    code_digest TEXT NOT NULL,
    used BIGINT NOT NULL,
    event_seq BIGINT NOT NULL,
    PRIMARY KEY (user_id, code_digest)
);
