-- Caravel's complete schema. Times are unix seconds unless a column says _ms.

CREATE TABLE tenants (
    pubkey             TEXT PRIMARY KEY CHECK (length(pubkey) = 64),
    status             TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    nwc_url_enc        TEXT,                -- tenant's own NWC URL for autopay, sealed (crypto.SecretBox)
    stripe_customer_id TEXT,
    billing_anchor     INTEGER,             -- when the tenant's monthly cycle renews (set by billing)
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);

CREATE TABLE relays (
    id            TEXT PRIMARY KEY,
    tenant        TEXT NOT NULL REFERENCES tenants(pubkey),
    name          TEXT NOT NULL,
    subdomain     TEXT NOT NULL UNIQUE,
    schema        TEXT NOT NULL UNIQUE,      -- zooid id and database schema, fixed at creation
    icon          TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',
    plan          TEXT NOT NULL CHECK (plan IN ('free', 'basic', 'growth')),
    status        TEXT NOT NULL CHECK (status IN ('pending', 'active', 'provisioning_failed', 'suspended', 'inactive')),
    secret_enc    TEXT NOT NULL,             -- the relay's own Nostr secret key, sealed
    sync_state    TEXT NOT NULL DEFAULT 'pending' CHECK (sync_state IN ('pending', 'synced', 'failed')),
    sync_error    TEXT,
    sync_attempts INTEGER NOT NULL DEFAULT 0,
    synced_at     INTEGER,
    synced_config TEXT,                      -- JSON of the config zooid last accepted (secret removed)
    zooid_created INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX relays_tenant ON relays(tenant);
CREATE INDEX relays_status ON relays(status);

CREATE TABLE invoices (
    id            TEXT PRIMARY KEY,
    tenant        TEXT NOT NULL REFERENCES tenants(pubkey),
    amount        INTEGER NOT NULL CHECK (amount >= 0),
    status        TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'expired', 'void')),
    created_at    INTEGER NOT NULL,
    due_at        INTEGER NOT NULL,
    paid_at       INTEGER,
    bolt11        TEXT,
    payment_hash  TEXT,
    expires_at    INTEGER,
    period_start  INTEGER,
    period_end    INTEGER
);
CREATE INDEX invoices_tenant ON invoices(tenant);
CREATE INDEX invoices_status ON invoices(status);
CREATE UNIQUE INDEX invoices_payment_hash ON invoices(payment_hash) WHERE payment_hash IS NOT NULL;

CREATE TABLE invoice_items (
    id            TEXT PRIMARY KEY,
    invoice       TEXT NOT NULL REFERENCES invoices(id),
    relay         TEXT NOT NULL REFERENCES relays(id),
    amount        INTEGER NOT NULL CHECK (amount >= 0),
    period_start  INTEGER NOT NULL,
    period_end    INTEGER NOT NULL CHECK (period_end > period_start)
);
CREATE INDEX invoice_items_invoice ON invoice_items(invoice);
CREATE INDEX invoice_items_relay ON invoice_items(relay);

CREATE TABLE activity (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant     TEXT NOT NULL,
    relay      TEXT,
    kind       TEXT NOT NULL,
    message    TEXT NOT NULL,
    actor      TEXT,                          -- pubkey that caused it, or 'system'
    created_at INTEGER NOT NULL
);
CREATE INDEX activity_relay ON activity(relay, id);
CREATE INDEX activity_tenant ON activity(tenant, id);

CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL DEFAULT '{}',
    dedupe_key   TEXT,                        -- at most one queued job per key
    status       TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 10,
    run_at_ms    INTEGER NOT NULL,
    lease_until_ms INTEGER,
    leased_by    TEXT,
    last_error   TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs(status, run_at_ms);
CREATE UNIQUE INDEX jobs_dedupe_queued ON jobs(dedupe_key) WHERE dedupe_key IS NOT NULL AND status = 'queued';

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,            -- sha256 of the bearer token; the token itself is never stored
    pubkey       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER
);
CREATE INDEX sessions_pubkey ON sessions(pubkey);

CREATE TABLE nip98_seen (
    event_id   TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
);
CREATE INDEX nip98_seen_expires ON nip98_seen(expires_at);
