-- Vetting (issue 8): screenings of a request's nominees, decisions on nominees, the duty to inform.

-- State, written by apply.rs from vetting-screened: the latest screening of each request (an
-- earlier one stays in the event log) and its hits, replaced whole by the next screening. A hit's
-- chain of evidence (incidents, attributions, sources with reliability, postings and parents) is
-- kept as JSON in `evidence`, as are the match's explanation lines and earlier `assistance`.
CREATE TABLE vetting_screenings (
    request_id TEXT PRIMARY KEY REFERENCES vetting_requests (id),
    screened_at BIGINT NOT NULL,
    registry_seq BIGINT NOT NULL,
    n_hits BIGINT NOT NULL,
    event_seq BIGINT NOT NULL
);

CREATE TABLE screening_hits (
    request_id TEXT NOT NULL REFERENCES vetting_requests (id),
    position BIGINT NOT NULL,
    nominee_id TEXT NOT NULL REFERENCES nominees (id),
    entity_kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    entity_name TEXT NOT NULL,
    score_ppm BIGINT NOT NULL,
    reason TEXT NOT NULL,
    explanation TEXT NOT NULL,
    match_explanation TEXT NOT NULL,
    evidence TEXT NOT NULL,
    assistance TEXT NOT NULL,
    event_seq BIGINT NOT NULL,
    PRIMARY KEY (request_id, position)
);
CREATE INDEX screening_hits_nominee ON screening_hits (nominee_id);

-- State, from nominee-decided: every decision is kept (the history); a nominee's latest decision
-- (by decided_at, then event_seq) is where they stand.
CREATE TABLE vetting_decisions (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES vetting_requests (id),
    nominee_id TEXT NOT NULL REFERENCES nominees (id),
    verdict TEXT NOT NULL,
    reason TEXT,
    rationale TEXT NOT NULL,
    reviewer_id TEXT,
    reviewer_name TEXT NOT NULL,
    decided_at BIGINT NOT NULL,
    event_seq BIGINT NOT NULL
);
CREATE INDEX vetting_decisions_request ON vetting_decisions (request_id, nominee_id);

-- State, from duty-to-inform-recorded.
CREATE TABLE duty_to_inform (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES vetting_requests (id),
    nominee_id TEXT REFERENCES nominees (id),
    informed_on TEXT NOT NULL,
    authority TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    event_seq BIGINT NOT NULL
);
CREATE INDEX duty_to_inform_request ON duty_to_inform (request_id);

-- The last event of each kind at once: the screening index is rebuilt when the last change to
-- the registry moves (store::vetting::Store::registry_head).
CREATE INDEX events_kind ON events (kind, seq);
