-- The webhooks' outbox names the member of a membership change in columns of its own (store.OutboxStore's
-- addMemberChange), so the check "what was last told of this member on this relay" is an exact index look-up instead
-- of a LIKE over every row's JSON. member_after: the id of the member's change told before this one ('' for the
-- first): two writers that both read the same last change and both tell the same next one collide on the unique
-- index, and the second's row is left out (the second waits for the first's commit to know).
ALTER TABLE webhook_outbox ADD COLUMN member TEXT;
ALTER TABLE webhook_outbox ADD COLUMN member_after TEXT;
UPDATE webhook_outbox SET member = data::jsonb ->> 'member' WHERE kind IN ('member.joined', 'member.left');
CREATE INDEX webhook_outbox_member ON webhook_outbox(relay_id, member, created_ms);
CREATE UNIQUE INDEX webhook_outbox_member_after ON webhook_outbox(relay_id, member, member_after);

-- A relay's endpoints at its transfer are the previous owner's: retired (retired_at, ms) instead of removed at once, so
-- each still hears that one relay.transferred (its last event) and nothing after; it is removed once that delivery is
-- made or has failed for good. A retired endpoint is in no list, counts for no limit and cannot be managed.
ALTER TABLE webhook_endpoints ADD COLUMN retired_at BIGINT;
