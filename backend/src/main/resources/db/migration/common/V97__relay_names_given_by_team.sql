-- Issue 53 (R5-10): a name records who gave it: the owner (a platform administrator acting as one), a team admin or
-- moderator, or the member who claimed it. The CHECK widens, which SQLite can only do by building the table again.
CREATE TABLE relay_names_next (
    relay_id TEXT NOT NULL,
    name TEXT NOT NULL,
    pubkey TEXT NOT NULL,
    assigned_by TEXT NOT NULL CHECK (assigned_by IN ('owner', 'admin', 'moderator', 'member')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (relay_id, name)
);
INSERT INTO relay_names_next (relay_id, name, pubkey, assigned_by, created_at, updated_at)
    SELECT relay_id, name, pubkey, assigned_by, created_at, updated_at FROM relay_names;
DROP TABLE relay_names;
ALTER TABLE relay_names_next RENAME TO relay_names;
CREATE UNIQUE INDEX relay_names_member ON relay_names(relay_id, pubkey);
CREATE INDEX relay_names_pubkey ON relay_names(pubkey);
