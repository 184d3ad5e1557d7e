-- Issue 55: the NIP-98 replay table keyed by (expires_at, event_id) instead of event_id alone. An event id is a hash
-- over its created_at, and expires_at is derived from created_at, so one id always comes with one expires_at: the
-- pair refuses a replay exactly as the id did. Keyed by the id, every batch of new ids landed on random pages of the
-- key's index; keyed by expiry first, a batch lands on its last page or two, and the expiry prune walks the key (no
-- second index).
CREATE TABLE nip98_seen_v98 (
    expires_at BIGINT NOT NULL,
    event_id   TEXT NOT NULL,
    PRIMARY KEY (expires_at, event_id)
);
INSERT INTO nip98_seen_v98 (expires_at, event_id) SELECT expires_at, event_id FROM nip98_seen;
DROP TABLE nip98_seen;
ALTER TABLE nip98_seen_v98 RENAME TO nip98_seen;
