-- Issue 55: the NIP-98 replay table keyed by (expires_at, event_id) instead of event_id alone. An event id is a hash
-- over its created_at, and expires_at is derived from created_at, so one id always comes with one expires_at: the
-- pair refuses a replay exactly as the id did. Keyed by the id, every batch of new ids landed on random pages across
-- the whole table (a minute of ids) and each commit wrote one page per id to the write-ahead log: the replay writer's
-- file writes were a sixth of a NIP-98 request's CPU. Keyed by expiry first, a batch lands on the last page or two.
-- WITHOUT ROWID: the key is the table, and the expiry prune walks its first column (no second index).
CREATE TABLE nip98_seen_v98 (
    expires_at INTEGER NOT NULL,
    event_id   TEXT NOT NULL,
    PRIMARY KEY (expires_at, event_id)
) WITHOUT ROWID;
INSERT INTO nip98_seen_v98 (expires_at, event_id) SELECT expires_at, event_id FROM nip98_seen;
DROP TABLE nip98_seen;
ALTER TABLE nip98_seen_v98 RENAME TO nip98_seen;
