-- Wrapped data keys of stored protected values (issue 6, item 2: encryption at rest and rotation).
--
-- Not state: outside the event log, so that rotating the master key rewraps every data key in one
-- transaction without touching a hash-chained payload. A protected value in a payload or a state
-- column (format 2) is its id, nonce and ciphertext; its data key, wrapped by the master key whose
-- id is key_id, is here under the value's id. Rows are added in the transaction of the change that
-- holds the value, and only rewrapped afterwards, never removed.
CREATE TABLE data_keys (
    value_id TEXT PRIMARY KEY,
    key_id TEXT NOT NULL,
    wrapped BLOB NOT NULL
);
