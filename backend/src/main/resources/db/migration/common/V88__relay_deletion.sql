-- Issue 45: deleting a relay. A deleted relay stays a row, inactive (zooid stops serving it), for the undo window:
-- deleted_at is when its owner deleted it (null: not deleted), deleted_from the status it had then (what undo brings
-- back, through the state machine). Its subdomain stays on the row during the window, so nobody can take it and an
-- undo never collides. purged_at is when the purge job removed it from zooid; the row is kept (invoices and the
-- activity log point at it) with its subdomain replaced by a form no subdomain can have, which frees the name.
ALTER TABLE relays ADD COLUMN deleted_at BIGINT;
ALTER TABLE relays ADD COLUMN deleted_from TEXT;
-- the end of the undo window as the owner was told it (a later change of RELAY_UNDO_SECONDS keeps that promise)
ALTER TABLE relays ADD COLUMN undo_until BIGINT;
ALTER TABLE relays ADD COLUMN purged_at BIGINT;

-- Old addresses of relays (a subdomain change): the old host answers NIP-11 with redirect_to = the relay's address
-- now until until_at, so Nostr apps move their members' relay lists over. One row per old subdomain (under the
-- relay's domain); the target is read when asked, so a second rename points the first old name at the newest; a relay
-- serving that subdomain again (the same one renamed back, or another) takes precedence over the row.
CREATE TABLE relay_redirects (
    subdomain  TEXT PRIMARY KEY,
    relay      TEXT NOT NULL REFERENCES relays(id),
    until_at   BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX relay_redirects_relay ON relay_redirects(relay);
