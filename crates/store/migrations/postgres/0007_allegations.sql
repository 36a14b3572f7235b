-- Allegations and cases (issue 7): the complainant's status page, withdrawals and pressure, the
-- Istanbul and Minnesota Protocols' essentials.

-- State, from complainant-access-issued: the case code a complainant gives on the status page and
-- the argon2id digest (PHC string) of their passphrase; never the passphrase.
ALTER TABLE allegations ADD COLUMN status_code TEXT;
ALTER TABLE allegations ADD COLUMN passphrase_digest TEXT;
CREATE UNIQUE INDEX allegations_status_code ON allegations (status_code);

-- State, from allegation-details-set: the Istanbul (and Minnesota) Protocol details as JSON text.
ALTER TABLE allegations ADD COLUMN details TEXT;

-- State: the optional parts of a status step.
ALTER TABLE allegation_steps ADD COLUMN deadline TEXT;
ALTER TABLE allegation_steps ADD COLUMN closure_reason TEXT;
ALTER TABLE allegation_steps ADD COLUMN verdict TEXT;

-- State: who is alleged to have done it (a unit, a person, or a description).
CREATE TABLE allegation_perpetrators (
    allegation_id TEXT NOT NULL REFERENCES allegations (id),
    position BIGINT NOT NULL,
    unit_id TEXT,
    person_id TEXT,
    description TEXT NOT NULL,
    event_seq BIGINT NOT NULL,
    PRIMARY KEY (allegation_id, position)
);
CREATE INDEX allegation_perpetrators_unit ON allegation_perpetrators (unit_id);

-- State, from withdrawal-recorded: withdrawals beside the allegation and testimony they concern,
-- which are never deleted.
CREATE TABLE withdrawals (
    id TEXT PRIMARY KEY,
    allegation_id TEXT NOT NULL REFERENCES allegations (id),
    testimony_id TEXT REFERENCES testimonies (id),
    on_date TEXT NOT NULL,
    reason TEXT NOT NULL,
    circumstances TEXT NOT NULL,
    event_seq BIGINT NOT NULL
);
CREATE INDEX withdrawals_allegation ON withdrawals (allegation_id);

-- State, from pressure-reported.
CREATE TABLE pressure_reports (
    id TEXT PRIMARY KEY,
    allegation_id TEXT NOT NULL REFERENCES allegations (id),
    reported_at BIGINT NOT NULL,
    reported_by TEXT NOT NULL,
    circumstances TEXT NOT NULL,
    event_seq BIGINT NOT NULL
);
CREATE INDEX pressure_reports_allegation ON pressure_reports (allegation_id);
