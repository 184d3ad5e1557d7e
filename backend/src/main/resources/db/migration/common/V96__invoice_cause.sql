-- Issue 53 (R5-2): who caused a charge: the key whose action made the invoice (the tenant, a team member, a platform
-- administrator acting on the tenant's relay), or "system" for billing's own steps (renewals). Autopay pays only
-- what the account's own key or the system caused; the others wait for their owner to pay by hand. NULL on invoices
-- made before this column: they were issued under the earlier rule and keep it.
ALTER TABLE invoices ADD COLUMN caused_by TEXT;
