-- Issue 28: who is a member of which relay, as the relay's own member list (zooid's kind 13534, signed by the relay
-- key) last said, kept by the membership watcher. It answers "which communities am I in" (GET /me/memberships)
-- without asking every relay, and releases a name whose holder left or was removed.
CREATE TABLE relay_members (
    relay_id TEXT NOT NULL,
    pubkey TEXT NOT NULL,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (relay_id, pubkey)
);

CREATE INDEX relay_members_pubkey ON relay_members(pubkey);
