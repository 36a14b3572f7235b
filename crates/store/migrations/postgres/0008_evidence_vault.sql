-- The evidence vault (issue 7, item 5). Keep in step with the other backend's 0008: same columns.

-- A working copy names the original it was derived from (a redacted or converted copy) and how.
ALTER TABLE evidence ADD COLUMN derived_from TEXT REFERENCES evidence (id);
ALTER TABLE evidence ADD COLUMN derivation TEXT;
-- A second upload of the same bytes is found by its SHA-256.
CREATE INDEX evidence_sha256 ON evidence (sha256);
CREATE INDEX evidence_derived_from ON evidence (derived_from);

-- State, written by apply.rs from custody-recorded: each evidence item's hash-chained custody log
-- (received, viewed, exported, transferred). position counts from 0; prev_hash is the previous
-- entry's hash (64 zeros for the first); hash is the SHA-256 of the entry's statement
-- (domain::custody::statement).
CREATE TABLE custody_entries (
    evidence_id TEXT NOT NULL REFERENCES evidence (id),
    position BIGINT NOT NULL,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    at BIGINT NOT NULL,
    note TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    event_seq BIGINT NOT NULL,
    PRIMARY KEY (evidence_id, position)
);
