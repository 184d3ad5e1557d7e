-- Issue 23: lifting an account's suspension brings back exactly the relays the suspension took down. account_hold
-- marks an inactive relay that only the account's suspension keeps inactive (its owner did not deactivate it);
-- hold keeps saying what it owes underneath.
ALTER TABLE relays ADD COLUMN account_hold INTEGER NOT NULL DEFAULT 0 CHECK (account_hold IN (0, 1));

-- Accounts suspended before this change: their relays went inactive with the activity entry below, and a relay that
-- was already inactive got none (a no-op writes no entry). So a relay whose latest deactivation or reactivation
-- entry is that one was taken down by the suspension and by nothing since.
UPDATE relays SET account_hold = 1
WHERE status = 'inactive'
  AND tenant IN (SELECT pubkey FROM tenants WHERE status = 'suspended')
  AND (SELECT a.message FROM activity a
       WHERE a.relay = relays.id AND a.kind IN ('deactivate', 'reactivate', 'reactivate_pay_first')
       ORDER BY a.id DESC LIMIT 1) = 'Deactivated because the account was suspended';
