-- Billing state: downgrades wait for the next cycle, invoices know why they exist, items know what they charge.
ALTER TABLE relays ADD COLUMN pending_plan TEXT CHECK (pending_plan IN ('free', 'basic', 'growth'));
ALTER TABLE relays ADD COLUMN first_invoice TEXT;          -- the invoice created with a paid relay; it serves once paid

ALTER TABLE tenants ADD COLUMN renewed_cycle_start INTEGER;   -- the latest cycle whose renewal was done (even with nothing to bill)

ALTER TABLE invoices ADD COLUMN kind TEXT NOT NULL DEFAULT 'renewal'
    CHECK (kind IN ('initial', 'proration', 'upgrade', 'renewal'));
ALTER TABLE invoices ADD COLUMN autopay_started_at INTEGER;  -- set once, atomically: pay_invoice is never tried twice
ALTER TABLE invoices ADD COLUMN autopay_error TEXT;
ALTER TABLE invoices ADD COLUMN reminded_at INTEGER;
ALTER TABLE invoices ADD COLUMN suspended_at INTEGER;        -- when its lateness suspended the tenant's relays
CREATE UNIQUE INDEX invoices_one_renewal_per_cycle ON invoices(tenant, period_start) WHERE kind = 'renewal';

ALTER TABLE invoice_items ADD COLUMN plan TEXT;             -- the plan this item pays for
ALTER TABLE invoice_items ADD COLUMN rate INTEGER;          -- monthly sats charged pro rata (a plan price, or an upgrade's difference)
