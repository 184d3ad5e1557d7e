-- Issue 28: members' NIP-05 names at a relay's hosts (<name>@<host>), given by the owner or claimed by the member
-- (community.RelayNames). A name is unique on its relay and a member holds at most one name per relay.
CREATE TABLE relay_names (
    relay_id TEXT NOT NULL,
    name TEXT NOT NULL,
    pubkey TEXT NOT NULL,
    assigned_by TEXT NOT NULL CHECK (assigned_by IN ('owner', 'member')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (relay_id, name)
);

CREATE UNIQUE INDEX relay_names_member ON relay_names(relay_id, pubkey);
CREATE INDEX relay_names_pubkey ON relay_names(pubkey);
