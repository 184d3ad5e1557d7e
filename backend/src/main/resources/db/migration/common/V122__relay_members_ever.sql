-- Issue 56 follow-up: every relay a person was ever listed a member of (by the relay's own member list, kind 13534, as
-- Caravel heard it), kept after they leave: a request to vanish from ALL_RELAYS must reach the relays they left too,
-- where their events still are, without asking each of thousands of hosted relays. Their erasure from the relay (or
-- its purge) removes the row. Seeded with the members Caravel knows now; who left before this version is not known.
CREATE TABLE relay_members_ever (
    relay_id TEXT NOT NULL,
    pubkey TEXT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    PRIMARY KEY (relay_id, pubkey)
);
CREATE INDEX relay_members_ever_pubkey ON relay_members_ever(pubkey);
INSERT INTO relay_members_ever (relay_id, pubkey, last_seen_at) SELECT relay_id, pubkey, seen_at FROM relay_members;
