-- Issue 56: outbound webhooks. The outbox is written in the transaction of the change an event tells of
-- (store.OutboxStore); the endpoints, their deliveries and each delivery's attempts are owned by
-- webhooks.WebhookStore.

-- One row per event to tell, written with the change. relay_id is null for an event of the account (an overdue
-- invoice); source_key, when given, makes an event heard twice one row. drained_at: turned into deliveries.
CREATE TABLE webhook_outbox (
    id          TEXT PRIMARY KEY,
    tenant      TEXT NOT NULL,
    relay_id    TEXT,
    kind        TEXT NOT NULL,
    data        TEXT NOT NULL,
    source_key  TEXT,
    created_ms  BIGINT NOT NULL,
    drained_at  BIGINT
);

CREATE UNIQUE INDEX webhook_outbox_source ON webhook_outbox(source_key);
CREATE INDEX webhook_outbox_waiting ON webhook_outbox(drained_at, created_ms);

-- An endpoint of a relay (relay_id set, tenant: the relay's owner when it was made) or of the platform (relay_id null,
-- made by an operator: every relay's events). events: the kinds it asked for, comma separated. secret: sealed with
-- ENCRYPTION_SECRET (crypto.SecretBox), shown once. failures: consecutive failed attempts since failing_since (ms);
-- paused_at: paused after too many, until resumed by hand.
CREATE TABLE webhook_endpoints (
    id             TEXT PRIMARY KEY,
    relay_id       TEXT,
    tenant         TEXT,
    url            TEXT NOT NULL,
    events         TEXT NOT NULL,
    secret         TEXT NOT NULL,
    failures       INTEGER NOT NULL DEFAULT 0,
    failing_since  BIGINT,
    paused_at      BIGINT,
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);

CREATE INDEX webhook_endpoints_relay ON webhook_endpoints(relay_id);

-- One event for one endpoint: the body signed and sent (the same bytes on every attempt and replay).
-- status: pending, delivered, failed (given up), skipped (the endpoint was paused or removed).
CREATE TABLE webhook_deliveries (
    id           TEXT PRIMARY KEY,
    endpoint_id  TEXT NOT NULL,
    relay_id     TEXT,
    kind         TEXT NOT NULL,
    body         TEXT NOT NULL,
    status       TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    created_ms   BIGINT NOT NULL,
    delivered_ms BIGINT
);

CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries(endpoint_id, created_ms);

-- Each try of a delivery and its answer: the status code (null when none came), how long it took, a bounded excerpt of
-- the answer or the error, and whether it was a replay asked by hand.
CREATE TABLE webhook_attempts (
    id           TEXT PRIMARY KEY,
    delivery_id  TEXT NOT NULL,
    at_ms        BIGINT NOT NULL,
    status_code  INTEGER,
    latency_ms   BIGINT NOT NULL,
    excerpt      TEXT NOT NULL,
    ok           INTEGER NOT NULL,
    replay       INTEGER NOT NULL
);

CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, at_ms);
