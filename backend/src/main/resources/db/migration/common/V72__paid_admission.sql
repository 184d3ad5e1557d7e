-- Issue 29: communities that charge for admission (admission.*). Payments go straight to the relay owner's own
-- wallet (an NWC connection that makes invoices); Caravel only records them and admits the payer.

-- One row per relay whose owner has set admission (no row: free, invite only). mode: free (invite only), once (one
-- payment, member for good), monthly (a payment per period). wallet_enc: the owner's NWC connection, sealed with
-- the platform's secret (crypto.SecretBox), never returned by any API; wallet_alias and wallet_methods are what
-- the wallet's get_info said when it was connected (methods space-separated).
CREATE TABLE relay_admissions (
    relay_id TEXT PRIMARY KEY,
    mode TEXT NOT NULL CHECK (mode IN ('free', 'once', 'monthly')),
    price_sats BIGINT NOT NULL DEFAULT 0,
    trial_days INTEGER NOT NULL DEFAULT 0,
    rules TEXT NOT NULL DEFAULT '',
    wallet_enc TEXT,
    wallet_alias TEXT,
    wallet_methods TEXT,
    wallet_checked_at BIGINT,
    updated_at BIGINT NOT NULL
);

-- Everyone who has joined a relay through its join page (paid, or on a trial), one row per relay and person.
-- status: admitting (paid, being added to the relay), active (a member, paid), trial (a member on the free trial),
-- grace (monthly, the period ended unpaid: still a member until paid_until + the grace period), lapsed (removed
-- after a missed renewal; paying again re-admits), removed (by the owner), blocked (paid but could not be added:
-- the relay was full or gone; the owner is told). paid_until: the end of the paid (or trial) period, null for a
-- one-time payment. total_paid_sats and payments sum the settled invoices.
CREATE TABLE admission_members (
    relay_id TEXT NOT NULL,
    pubkey TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('admitting', 'active', 'trial', 'grace', 'lapsed', 'removed', 'blocked')),
    mode TEXT NOT NULL CHECK (mode IN ('once', 'monthly')),
    joined_at BIGINT NOT NULL,
    paid_until BIGINT,
    trial_used INTEGER NOT NULL DEFAULT 0,
    total_paid_sats BIGINT NOT NULL DEFAULT 0,
    payments INTEGER NOT NULL DEFAULT 0,
    last_paid_at BIGINT,
    reminded_for BIGINT,
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (relay_id, pubkey)
);

CREATE INDEX admission_members_due ON admission_members(status, paid_until);

-- Invoices the owner's wallet made for a person: purpose join (first payment or re-admission) or renewal (the next
-- period of a monthly member). state: pending, paid (the wallet's lookup_invoice showed it settled with a preimage
-- that hashes to payment_hash), expired, canceled. covers_until: for a monthly payment, the end of the period it
-- pays for (set when it is paid). next_check_at: when the background check asks the wallet again.
CREATE TABLE admission_invoices (
    id TEXT PRIMARY KEY,
    relay_id TEXT NOT NULL,
    pubkey TEXT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('join', 'renewal')),
    amount_sats BIGINT NOT NULL,
    bolt11 TEXT NOT NULL,
    payment_hash TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('pending', 'paid', 'expired', 'canceled')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    settled_at BIGINT,
    checked_at BIGINT,
    next_check_at BIGINT,
    covers_until BIGINT
);

-- one open invoice per person and relay: joining twice hands back the same invoice
CREATE UNIQUE INDEX admission_invoices_open ON admission_invoices(relay_id, pubkey) WHERE state = 'pending';
CREATE INDEX admission_invoices_due ON admission_invoices(state, next_check_at);
CREATE INDEX admission_invoices_relay ON admission_invoices(relay_id, settled_at);
