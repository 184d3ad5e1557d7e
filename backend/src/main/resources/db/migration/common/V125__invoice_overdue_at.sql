-- When an unpaid invoice for service given was first seen past its due date (its grace begun): the moment it is told
-- overdue (the account's log and the invoice.overdue webhook), once. Invoices reminded before this column were told
-- overdue with their reminder: they keep that moment, so none is told twice.
ALTER TABLE invoices ADD COLUMN overdue_at BIGINT;
UPDATE invoices SET overdue_at = reminded_at WHERE reminded_at IS NOT NULL;
