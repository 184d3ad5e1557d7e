-- Issue 56: a person erased from a relay (a NIP-62 request to vanish, or the owner's erasure of a member), one row per
-- relay, person and request (until_s: the request's created_at; what they wrote up to it goes). The same request twice
-- is the same row, so it changes nothing the second time. step: where the erasure's job stands (events: their events
-- are being removed from zooid; parts: each relay part ends its state; done).
CREATE TABLE erasures (
    relay_id TEXT NOT NULL,
    pubkey TEXT NOT NULL,
    until_s BIGINT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('vanish', 'owner')),
    requested_by TEXT NOT NULL,
    caller_role TEXT NOT NULL CHECK (caller_role IN ('owner', 'admin', 'self')),
    step TEXT NOT NULL CHECK (step IN ('events', 'parts', 'done')),
    events_removed BIGINT NOT NULL DEFAULT 0,
    requested_at BIGINT NOT NULL,
    done_at BIGINT,
    PRIMARY KEY (relay_id, pubkey, until_s)
);
CREATE INDEX erasures_pubkey ON erasures(pubkey);
