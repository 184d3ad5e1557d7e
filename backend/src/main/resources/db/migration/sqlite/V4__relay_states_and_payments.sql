-- Issue 10: one relay state machine, upgrades paid before served, every payment credited, autopay budgets.
--
-- SQLite cannot alter a CHECK constraint, so relays is rebuilt with the new status 'awaiting_payment' (a paid relay
-- whose first invoice is unpaid; it used to be 'pending' plus first_invoice) and the columns the machine needs.
CREATE TABLE relays_v4 (
    id            TEXT PRIMARY KEY,
    tenant        TEXT NOT NULL REFERENCES tenants(pubkey),
    name          TEXT NOT NULL,
    subdomain     TEXT NOT NULL UNIQUE,
    schema        TEXT NOT NULL UNIQUE,
    icon          TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',
    plan          TEXT NOT NULL CHECK (plan IN ('free', 'basic', 'growth')),          -- the plan served and billed
    status        TEXT NOT NULL CHECK (status IN ('pending', 'active', 'provisioning_failed', 'awaiting_payment', 'suspended', 'inactive')),
    hold          TEXT CHECK (hold IN ('awaiting_payment', 'suspended')),             -- what an inactive relay still owes underneath
    secret_enc    TEXT NOT NULL,
    sync_state    TEXT NOT NULL DEFAULT 'pending' CHECK (sync_state IN ('pending', 'synced', 'failed')),
    sync_error    TEXT,
    sync_attempts INTEGER NOT NULL DEFAULT 0,
    synced_at     INTEGER,
    synced_config TEXT,
    zooid_created INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    pending_plan  TEXT CHECK (pending_plan IN ('free', 'basic', 'growth')),           -- a downgrade at the next renewal
    first_invoice TEXT,                                                               -- the invoice an awaiting relay waits for
    upgrade_plan  TEXT CHECK (upgrade_plan IN ('free', 'basic', 'growth')),           -- an upgrade applied once paid
    upgrade_invoice TEXT
);
INSERT INTO relays_v4 (id, tenant, name, subdomain, schema, icon, description, plan, status, secret_enc, sync_state, sync_error,
                       sync_attempts, synced_at, synced_config, zooid_created, created_at, updated_at, pending_plan, first_invoice)
SELECT id, tenant, name, subdomain, schema, icon, description, plan,
       CASE WHEN first_invoice IS NOT NULL AND status IN ('pending', 'active', 'provisioning_failed') THEN 'awaiting_payment' ELSE status END,
       secret_enc, sync_state, sync_error, sync_attempts, synced_at, synced_config, zooid_created, created_at, updated_at,
       pending_plan, first_invoice
FROM relays;
UPDATE relays_v4 SET hold = 'awaiting_payment' WHERE status = 'inactive' AND first_invoice IS NOT NULL;
-- invoice_items references relays, so it is rebuilt alongside: the old child goes first, then the old parent, and
-- renaming relays_v4 carries the new child's reference along (foreign keys stay enforced throughout).
CREATE TABLE invoice_items_v4 (
    id            TEXT PRIMARY KEY,
    invoice       TEXT NOT NULL REFERENCES invoices(id),
    relay         TEXT NOT NULL REFERENCES relays_v4(id),
    amount        INTEGER NOT NULL CHECK (amount >= 0),
    period_start  INTEGER NOT NULL,
    period_end    INTEGER NOT NULL CHECK (period_end > period_start),
    plan          TEXT,
    rate          INTEGER
);
INSERT INTO invoice_items_v4 (id, invoice, relay, amount, period_start, period_end, plan, rate)
SELECT id, invoice, relay, amount, period_start, period_end, plan, rate FROM invoice_items;
DROP TABLE invoice_items;
DROP TABLE relays;
ALTER TABLE relays_v4 RENAME TO relays;
ALTER TABLE invoice_items_v4 RENAME TO invoice_items;
CREATE INDEX invoice_items_invoice ON invoice_items(invoice);
CREATE INDEX invoice_items_relay ON invoice_items(relay);
CREATE INDEX relays_tenant ON relays(tenant);
CREATE INDEX relays_status ON relays(status);

-- Every bolt11 an invoice ever had: a payment to any of them is found and credited exactly once (settled_at is set
-- by one conditional UPDATE). checked_at drives the fair polling order: oldest unchecked first.
CREATE TABLE invoice_payments (
    payment_hash TEXT PRIMARY KEY,
    invoice      TEXT NOT NULL REFERENCES invoices(id),
    tenant       TEXT NOT NULL,
    bolt11       TEXT NOT NULL,
    amount       INTEGER NOT NULL CHECK (amount >= 0),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    checked_at   INTEGER,
    settled_at   INTEGER,
    credited_as  TEXT CHECK (credited_as IN ('invoice', 'credit'))   -- paid the invoice, or became tenant credit
);
CREATE INDEX invoice_payments_invoice ON invoice_payments(invoice);
-- the polling fallback reads only hashes that can still settle; a partial index keeps that independent of history
CREATE INDEX invoice_payments_open ON invoice_payments(checked_at, created_at)
    WHERE settled_at IS NULL AND (checked_at IS NULL OR checked_at <= expires_at);
INSERT INTO invoice_payments (payment_hash, invoice, tenant, bolt11, amount, created_at, expires_at, settled_at, credited_as)
SELECT payment_hash, id, tenant, bolt11, amount, created_at, coalesce(expires_at, created_at),
       CASE WHEN status = 'paid' THEN paid_at END, CASE WHEN status = 'paid' THEN 'invoice' END
FROM invoices WHERE payment_hash IS NOT NULL AND bolt11 IS NOT NULL;

-- Tenant credit: + for a payment that arrived for an invoice no longer payable, − when applied to a new invoice.
CREATE TABLE tenant_credits (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant       TEXT NOT NULL REFERENCES tenants(pubkey),
    amount       INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    payment_hash TEXT UNIQUE,           -- the payment a credit came from: never credited twice
    invoice      TEXT,                  -- the invoice it came from or was applied to
    created_at   INTEGER NOT NULL
);
CREATE INDEX tenant_credits_tenant ON tenant_credits(tenant);

ALTER TABLE invoices ADD COLUMN gated INTEGER NOT NULL DEFAULT 0;      -- pays for service not yet given (new relay, upgrade): never suspends
ALTER TABLE invoices ADD COLUMN credit_applied INTEGER NOT NULL DEFAULT 0;  -- tenant credit used; the bolt11 asks for amount − credit_applied
ALTER TABLE invoices ADD COLUMN paid_hash TEXT;                        -- the payment that paid it (null when paid by credit or free)
ALTER TABLE invoices ADD COLUMN waived_at INTEGER;                     -- an administrator lifted the suspension it caused
ALTER TABLE invoices ADD COLUMN autopay_cycle_start INTEGER;           -- the tenant's cycle whose autopay budget it used
ALTER TABLE invoices ADD COLUMN autopay_budget INTEGER;                -- the budget in force when autopay claimed it
ALTER TABLE invoices ADD COLUMN autopay_confirmed INTEGER NOT NULL DEFAULT 0; -- paid after a fresh NIP-98 confirmation
ALTER TABLE invoices ADD COLUMN autopay_hold TEXT;                     -- why autopay waits for a confirmation
UPDATE invoices SET gated = 1 WHERE status = 'pending' AND id IN (SELECT first_invoice FROM relays WHERE first_invoice IS NOT NULL);
UPDATE invoices SET paid_hash = payment_hash WHERE status = 'paid';
CREATE INDEX invoices_grace ON invoices(status, gated, due_at);

ALTER TABLE tenants ADD COLUMN autopay_budget INTEGER CHECK (autopay_budget IS NULL OR autopay_budget >= 0);  -- null: the monthly total
