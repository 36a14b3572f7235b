-- Aqiqat schema, SQLite: the victim registry (imports, column mappings, link runs, candidate pairs,
-- registry persons, decisions). Keep in step with ../postgres/0002_registry.sql.
-- Every table here is state derived from the event log (verify::STATE_TABLES).

ALTER TABLE records ADD COLUMN import_id TEXT;
CREATE INDEX records_import ON records (import_id);

CREATE TABLE imports (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources (id),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    size_bytes INTEGER NOT NULL,
    format TEXT NOT NULL,
    sheet TEXT,
    n_records INTEGER NOT NULL,
    n_problems INTEGER NOT NULL,
    mapping TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    event_seq INTEGER NOT NULL
);
CREATE INDEX imports_source ON imports (source_id, imported_at);

CREATE TABLE import_problems (
    import_id TEXT NOT NULL REFERENCES imports (id),
    position INTEGER NOT NULL,
    row_number INTEGER NOT NULL,
    column_name TEXT NOT NULL,
    value TEXT NOT NULL,
    kind TEXT NOT NULL,
    event_seq INTEGER NOT NULL,
    PRIMARY KEY (import_id, position)
);

CREATE TABLE column_mappings (
    source_id TEXT NOT NULL REFERENCES sources (id),
    field TEXT NOT NULL,
    column_name TEXT NOT NULL,
    event_seq INTEGER NOT NULL,
    PRIMARY KEY (source_id, field)
);

CREATE TABLE link_runs (
    id TEXT PRIMARY KEY,
    ran_at INTEGER NOT NULL,
    n_records INTEGER NOT NULL,
    n_candidates INTEGER NOT NULL,
    n_pairs_kept INTEGER NOT NULL,
    n_persons INTEGER NOT NULL,
    threshold_ppm INTEGER NOT NULL,
    prior_millibits INTEGER NOT NULL,
    em_iterations INTEGER NOT NULL,
    em_converged INTEGER NOT NULL,
    n_conflicts INTEGER NOT NULL,
    warnings TEXT NOT NULL,
    event_seq INTEGER NOT NULL
);
CREATE INDEX link_runs_time ON link_runs (ran_at, id);

CREATE TABLE link_run_sources (
    run_id TEXT NOT NULL REFERENCES link_runs (id),
    position INTEGER NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources (id),
    event_seq INTEGER NOT NULL,
    PRIMARY KEY (run_id, position)
);

CREATE TABLE candidate_pairs (
    run_id TEXT NOT NULL REFERENCES link_runs (id),
    record_a TEXT NOT NULL REFERENCES records (id),
    record_b TEXT NOT NULL REFERENCES records (id),
    weight_millibits INTEGER NOT NULL,
    probability_ppm INTEGER NOT NULL,
    uncertainty_ppm INTEGER NOT NULL,
    prior_millibits INTEGER NOT NULL,
    steps TEXT NOT NULL,
    event_seq INTEGER NOT NULL,
    PRIMARY KEY (run_id, record_a, record_b)
);
CREATE INDEX candidate_pairs_a ON candidate_pairs (record_a, run_id);
CREATE INDEX candidate_pairs_b ON candidate_pairs (record_b, run_id);
CREATE INDEX candidate_pairs_band ON candidate_pairs (run_id, probability_ppm);

CREATE TABLE registry_persons (
    person_id TEXT PRIMARY KEY REFERENCES persons (id),
    status TEXT NOT NULL,
    merged_into TEXT,
    n_records INTEGER NOT NULL,
    n_sources INTEGER NOT NULL,
    place TEXT,
    place_key TEXT,
    death_earliest TEXT,
    death_latest TEXT,
    age INTEGER,
    sort_key TEXT NOT NULL,
    event_seq INTEGER NOT NULL
);
CREATE INDEX registry_persons_list ON registry_persons (status, sort_key, person_id);

CREATE TABLE pair_decisions (
    id TEXT PRIMARY KEY,
    record_a TEXT NOT NULL REFERENCES records (id),
    record_b TEXT NOT NULL REFERENCES records (id),
    verdict TEXT NOT NULL,
    note TEXT NOT NULL,
    decided_at INTEGER NOT NULL,
    decided_by TEXT NOT NULL,
    effect TEXT NOT NULL,
    undone_at INTEGER,
    undone_by TEXT,
    event_seq INTEGER NOT NULL
);
CREATE INDEX pair_decisions_pair ON pair_decisions (record_a, record_b);
CREATE INDEX pair_decisions_time ON pair_decisions (decided_at, id);
