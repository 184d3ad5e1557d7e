-- Issue 13: card payments through Stripe, the second rail on the same relay state machine.
--
-- The rail a tenant pays on. A switch asked for while something is billed on the current rail waits in next_rail
-- for the tenant's next renewal boundary, so one relay-period is never billed on both rails.
ALTER TABLE tenants ADD COLUMN billing_rail TEXT NOT NULL DEFAULT 'lightning' CHECK (billing_rail IN ('lightning', 'card'));
ALTER TABLE tenants ADD COLUMN next_rail TEXT CHECK (next_rail IN ('lightning', 'card'));
ALTER TABLE tenants ADD COLUMN stripe_subscription_id TEXT;     -- the tenant's one subscription (one item per paid plan)
ALTER TABLE tenants ADD COLUMN stripe_quantities TEXT;         -- the subscription's quantities as last seen from Stripe, {"basic": n, ...}
ALTER TABLE tenants ADD COLUMN card_error TEXT;                 -- the last card refusal, shown until a card payment succeeds
CREATE UNIQUE INDEX tenants_stripe_customer ON tenants(stripe_customer_id) WHERE stripe_customer_id IS NOT NULL;

-- Stripe's invoices are mirrored into invoices (rail 'card', amount in the invoice's currency's minor unit), so the
-- history, admin views, grace and suspension read one table. Only verified webhooks write these rows.
ALTER TABLE invoices ADD COLUMN rail TEXT NOT NULL DEFAULT 'lightning' CHECK (rail IN ('lightning', 'card'));
ALTER TABLE invoices ADD COLUMN currency TEXT NOT NULL DEFAULT 'sat';
ALTER TABLE invoices ADD COLUMN stripe_invoice_id TEXT;
ALTER TABLE invoices ADD COLUMN hosted_invoice_url TEXT;
ALTER TABLE invoices ADD COLUMN payment_error TEXT;             -- why the last card attempt failed
CREATE UNIQUE INDEX invoices_stripe ON invoices(stripe_invoice_id) WHERE stripe_invoice_id IS NOT NULL;

-- Every verified webhook event, recorded in the transaction that applies it: an event id is applied once.
CREATE TABLE stripe_events (
    id             TEXT PRIMARY KEY,          -- evt_…
    type           TEXT NOT NULL,
    stripe_created INTEGER NOT NULL,
    received_at    INTEGER NOT NULL
);
