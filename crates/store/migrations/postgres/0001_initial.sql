-- Aqiqat schema, PostgreSQL. Keep in step with ../sqlite/0001_initial.sql: same tables, columns and keys.
-- State tables are derived from the event log; every row records the event that last wrote it.

CREATE TABLE events (
    seq BIGINT PRIMARY KEY,
    occurred_at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload_version BIGINT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TABLE chain_head (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE sessions (
    token_digest TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    locale TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    event_seq BIGINT NOT NULL
);

CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    sort_key TEXT COLLATE "C" NOT NULL,
    publisher TEXT NOT NULL,
    published_on TEXT,
    url TEXT,
    reliability TEXT NOT NULL,
    notes TEXT NOT NULL,
    event_seq BIGINT NOT NULL
);

CREATE TABLE records (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources (id),
    row_number BIGINT NOT NULL,
    source_record_id TEXT,
    verbatim TEXT NOT NULL,
    full_name TEXT,
    surname TEXT,
    given_name TEXT,
    patronymic TEXT,
    birth_date TEXT,
    age BIGINT,
    gender TEXT,
    death_date TEXT,
    place TEXT,
    circumstances TEXT,
    person_id TEXT,
    event_seq BIGINT NOT NULL
);
CREATE INDEX records_source ON records (source_id, row_number);
CREATE INDEX records_person ON records (person_id);

CREATE TABLE persons (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    sort_key TEXT COLLATE "C" NOT NULL,
    gender TEXT,
    birth_date TEXT,
    death_date TEXT,
    notes TEXT NOT NULL,
    event_seq BIGINT NOT NULL
);
CREATE INDEX persons_sort ON persons (sort_key, id);

CREATE TABLE person_names (
    person_id TEXT NOT NULL REFERENCES persons (id),
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    script TEXT NOT NULL,
    scheme TEXT,
    event_seq BIGINT NOT NULL,
    PRIMARY KEY (person_id, position)
);

CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    date_text TEXT NOT NULL,
    date_earliest TEXT NOT NULL,
    date_latest TEXT NOT NULL,
    place_name TEXT NOT NULL,
    region_at_event TEXT NOT NULL,
    current_region TEXT NOT NULL,
    description TEXT NOT NULL,
    event_seq BIGINT NOT NULL
);
CREATE INDEX incidents_date ON incidents (date_earliest, id);

CREATE TABLE incident_sources (
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    source_id TEXT NOT NULL REFERENCES sources (id),
    event_seq BIGINT NOT NULL,
    PRIMARY KEY (incident_id, source_id)
);

CREATE TABLE violations (
    id TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    kind TEXT NOT NULL,
    victim_id TEXT REFERENCES persons (id),
    victim_count BIGINT NOT NULL,
    event_seq BIGINT NOT NULL
);
CREATE INDEX violations_incident ON violations (incident_id);
CREATE INDEX violations_victim ON violations (victim_id);

CREATE TABLE allegations (
    id TEXT PRIMARY KEY,
    incident_id TEXT REFERENCES incidents (id),
    victim_id TEXT REFERENCES persons (id),
    kind TEXT NOT NULL,
    complainant BYTEA NOT NULL,
    medical BYTEA,
    registration_number TEXT,
    handling_body TEXT,
    status TEXT,
    event_seq BIGINT NOT NULL
);
CREATE INDEX allegations_victim ON allegations (victim_id);

CREATE TABLE allegation_steps (
    allegation_id TEXT NOT NULL REFERENCES allegations (id),
    position BIGINT NOT NULL,
    status TEXT NOT NULL,
    on_date TEXT NOT NULL,
    shareable BIGINT NOT NULL,
    note TEXT NOT NULL,
    event_seq BIGINT NOT NULL,
    PRIMARY KEY (allegation_id, position)
);

CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    title TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    charges TEXT NOT NULL,
    outcome TEXT NOT NULL,
    event_seq BIGINT NOT NULL
);

CREATE TABLE case_allegations (
    case_id TEXT NOT NULL REFERENCES cases (id),
    allegation_id TEXT NOT NULL REFERENCES allegations (id),
    event_seq BIGINT NOT NULL,
    PRIMARY KEY (case_id, allegation_id)
);

CREATE TABLE case_suspects (
    case_id TEXT NOT NULL REFERENCES cases (id),
    position BIGINT NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons (id),
    unit_id TEXT,
    rank TEXT,
    event_seq BIGINT NOT NULL,
    PRIMARY KEY (case_id, position)
);

CREATE TABLE units (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    base TEXT,
    display_name TEXT NOT NULL,
    sort_key TEXT COLLATE "C" NOT NULL,
    event_seq BIGINT NOT NULL
);
CREATE INDEX units_sort ON units (sort_key, id);

CREATE TABLE unit_names (
    unit_id TEXT NOT NULL REFERENCES units (id),
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    language TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT,
    event_seq BIGINT NOT NULL,
    PRIMARY KEY (unit_id, position)
);

CREATE TABLE unit_parents (
    unit_id TEXT NOT NULL REFERENCES units (id),
    position BIGINT NOT NULL,
    parent_id TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT,
    event_seq BIGINT NOT NULL,
    PRIMARY KEY (unit_id, position)
);
CREATE INDEX unit_parents_parent ON unit_parents (parent_id);

CREATE TABLE unit_sources (
    unit_id TEXT NOT NULL REFERENCES units (id),
    source_id TEXT NOT NULL REFERENCES sources (id),
    event_seq BIGINT NOT NULL,
    PRIMARY KEY (unit_id, source_id)
);

CREATE TABLE postings (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    role TEXT NOT NULL,
    rank TEXT,
    start_date TEXT,
    end_date TEXT,
    source_id TEXT NOT NULL REFERENCES sources (id),
    event_seq BIGINT NOT NULL
);
CREATE INDEX postings_person ON postings (person_id);
CREATE INDEX postings_unit ON postings (unit_id);

CREATE TABLE deployments (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units (id),
    place_name TEXT NOT NULL,
    region_at_event TEXT NOT NULL,
    current_region TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    source_id TEXT NOT NULL REFERENCES sources (id),
    event_seq BIGINT NOT NULL
);
CREATE INDEX deployments_unit ON deployments (unit_id);

CREATE TABLE assistance (
    id TEXT PRIMARY KEY,
    recipient_kind TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    provider TEXT NOT NULL,
    programme TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT,
    source_id TEXT NOT NULL REFERENCES sources (id),
    event_seq BIGINT NOT NULL
);
CREATE INDEX assistance_recipient ON assistance (recipient_id);

CREATE TABLE attributions (
    id TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    role TEXT NOT NULL,
    confidence TEXT NOT NULL,
    event_seq BIGINT NOT NULL
);
CREATE INDEX attributions_incident ON attributions (incident_id);
CREATE INDEX attributions_subject ON attributions (subject_id);

CREATE TABLE attribution_sources (
    attribution_id TEXT NOT NULL REFERENCES attributions (id),
    source_id TEXT NOT NULL REFERENCES sources (id),
    event_seq BIGINT NOT NULL,
    PRIMARY KEY (attribution_id, source_id)
);

CREATE TABLE evidence (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    media_type TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    incident_id TEXT REFERENCES incidents (id),
    source_id TEXT REFERENCES sources (id),
    event_seq BIGINT NOT NULL
);

CREATE TABLE testimonies (
    id TEXT PRIMARY KEY,
    incident_id TEXT REFERENCES incidents (id),
    witness BYTEA NOT NULL,
    contact BYTEA,
    text BYTEA NOT NULL,
    language TEXT NOT NULL,
    given_on TEXT NOT NULL,
    event_seq BIGINT NOT NULL
);

CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    figure BIGINT NOT NULL,
    category TEXT NOT NULL,
    scope TEXT NOT NULL,
    as_of TEXT NOT NULL,
    issuing_body TEXT NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources (id),
    event_seq BIGINT NOT NULL
);

CREATE TABLE vetting_requests (
    id TEXT PRIMARY KEY,
    activity TEXT NOT NULL,
    provider TEXT NOT NULL,
    programme TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT,
    event_seq BIGINT NOT NULL
);

CREATE TABLE nominees (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES vetting_requests (id),
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    birth_date TEXT,
    gender TEXT,
    unit TEXT,
    rank TEXT,
    event_seq BIGINT NOT NULL
);
