-- Issue 13: card payments through Stripe, the second rail on the same relay state machine.
--
-- The rail a tenant pays on. A switch asked for while something is billed on the current rail waits in next_rail
-- for the tenant's next renewal boundary, so one relay-period is never billed on both rails.
ALTER TABLE tenants ADD COLUMN billing_rail TEXT NOT NULL DEFAULT 'lightning' CHECK (billing_rail IN ('lightning', 'card'));
ALTER TABLE tenants ADD COLUMN next_rail TEXT CHECK (next_rail IN ('lightning', 'card'));
ALTER TABLE tenants ADD COLUMN stripe_subscription_id TEXT;     -- the tenant's one subscription (one item per paid plan)
ALTER TABLE tenants ADD COLUMN stripe_quantities TEXT;         -- the subscription's quantities as last seen from Stripe, {"basic": n, ...}
ALTER TABLE tenants ADD COLUMN card_error TEXT;
-- the open Checkout session: asked again, the tenant gets the same one (a second would make a second subscription)
ALTER TABLE tenants ADD COLUMN stripe_checkout_id TEXT;
ALTER TABLE tenants ADD COLUMN stripe_checkout_url TEXT;
ALTER TABLE tenants ADD COLUMN stripe_checkout_at INTEGER;                 -- the last card refusal, shown until a card payment succeeds
CREATE UNIQUE INDEX tenants_stripe_customer ON tenants(stripe_customer_id) WHERE stripe_customer_id IS NOT NULL;

-- Stripe's invoices are mirrored into invoices (rail 'card', amount in the invoice's currency's minor unit), so the
-- history, admin views, grace and suspension read one table. Only verified webhooks write these rows.
ALTER TABLE invoices ADD COLUMN rail TEXT NOT NULL DEFAULT 'lightning' CHECK (rail IN ('lightning', 'card'));
ALTER TABLE invoices ADD COLUMN currency TEXT NOT NULL DEFAULT 'sat';
ALTER TABLE invoices ADD COLUMN stripe_invoice_id TEXT;
ALTER TABLE invoices ADD COLUMN hosted_invoice_url TEXT;
ALTER TABLE invoices ADD COLUMN payment_error TEXT;             -- why the last card attempt failed
CREATE UNIQUE INDEX invoices_stripe ON invoices(stripe_invoice_id) WHERE stripe_invoice_id IS NOT NULL;
-- one Lightning renewal per cycle, as before; Stripe's renewals are Stripe's (a mirrored one never fails a webhook),
-- and renewals check for any renewal of the period, so the two rails never both bill it
DROP INDEX invoices_one_renewal_per_cycle;
CREATE UNIQUE INDEX invoices_one_renewal_per_cycle ON invoices(tenant, period_start) WHERE kind = 'renewal' AND rail = 'lightning';

-- Every verified webhook event, recorded in the transaction that applies it: an event id is applied once.
CREATE TABLE stripe_events (
    id             TEXT PRIMARY KEY,          -- evt_…
    type           TEXT NOT NULL,
    stripe_created INTEGER NOT NULL,
    received_at    INTEGER NOT NULL
);

-- Every subscription a tenant took up: only their invoices are the tenant's (one paid after leaving card is not).
CREATE TABLE stripe_subscriptions (
    id         TEXT PRIMARY KEY,              -- sub_…
    tenant     TEXT NOT NULL REFERENCES tenants(pubkey),
    adopted_at INTEGER NOT NULL
);
