-- Publication and signed checkpoints (issue 6, items 4 and 5).

-- State, written by apply.rs from checkpoint-signed events: the application's signing key vouched
-- that the chain's head was `head_hash` at event `seq`. `verify` checks each signature and that
-- the chain's event `seq` still has that hash.
CREATE TABLE checkpoints (
    event_seq INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    signed_at INTEGER NOT NULL,
    signer TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL
);

-- State, written by apply.rs from release-published events: a release approved by a reviewer and
-- the files of its bundle (all UTF-8 text, in bundle order, the manifest and its signature among
-- them). Served to anyone, signed in or not.
CREATE TABLE releases (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    approved_by TEXT NOT NULL,
    head_seq INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    signer TEXT NOT NULL,
    public_key TEXT NOT NULL,
    event_seq INTEGER NOT NULL
);
CREATE INDEX releases_published ON releases (published_at, id);

CREATE TABLE release_files (
    release_id TEXT NOT NULL REFERENCES releases (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    content TEXT NOT NULL,
    event_seq INTEGER NOT NULL,
    PRIMARY KEY (release_id, position)
);
