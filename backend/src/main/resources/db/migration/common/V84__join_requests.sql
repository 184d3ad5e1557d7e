-- Issue 44: "ask to join" relays. A relay's join settings (whether strangers ask to join, and the community's terms
-- they read first), and the requests waiting for the owner's team: one pending request per key per relay.
CREATE TABLE relay_join_settings (
    relay_id TEXT PRIMARY KEY,
    ask_to_join INTEGER NOT NULL DEFAULT 0,
    terms TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);

CREATE TABLE join_requests (
    id TEXT PRIMARY KEY,
    relay_id TEXT NOT NULL,
    pubkey TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL CHECK (source IN ('page', 'nip43')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'deciding', 'approved', 'to_pay', 'denied')),
    created_at BIGINT NOT NULL,
    decided_at BIGINT,
    decided_by TEXT
);

-- the one open request of a key on a relay (a decided one stays as the record of the decision)
CREATE UNIQUE INDEX join_requests_open ON join_requests(relay_id, pubkey) WHERE status IN ('pending', 'deciding');
CREATE INDEX join_requests_relay ON join_requests(relay_id, status, created_at);
