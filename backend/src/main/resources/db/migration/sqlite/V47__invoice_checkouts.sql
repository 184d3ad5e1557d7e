-- One-off card payments of single invoices (Flotilla's "Pay $X by card"): a Stripe Checkout session in payment mode
-- per invoice, remembered so a second click hands out the same page and reconciling reads each session from Stripe.
-- amount/currency: what the card is charged, in the currency's minor unit, fixed when the session is made.
-- paid_at: when Caravel saw Stripe report the session paid (by reading it, or by its webhook).
CREATE TABLE invoice_checkouts (
    session_id TEXT PRIMARY KEY,
    invoice    TEXT NOT NULL REFERENCES invoices(id),
    tenant     TEXT NOT NULL REFERENCES tenants(pubkey),
    url        TEXT NOT NULL,
    amount     INTEGER NOT NULL,
    currency   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    paid_at    INTEGER
);
CREATE INDEX invoice_checkouts_invoice ON invoice_checkouts(invoice);
CREATE INDEX invoice_checkouts_tenant ON invoice_checkouts(tenant);

-- When a pending invoice was cancelled (Flotilla shows voided_at); null on invoices voided before this column.
ALTER TABLE invoices ADD COLUMN voided_at INTEGER;
