-- Issue 44: a relay run by a team. Each row gives one person a role on one relay besides its owner (the relay's
-- tenant, who is never listed here): 'admin' (everything but billing, plan, deletion and ownership) or 'moderator'
-- (members, bans, reports, content, join requests). The role is read on every request, never kept in a session, so a
-- removal takes effect on the next one. GET /relays/:id keys its cached views by the caller's role and shows no team,
-- so this table needs no relay view version trigger.
CREATE TABLE relay_team (
    relay_id TEXT NOT NULL,
    pubkey TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'moderator')),
    added_by TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (relay_id, pubkey)
);
-- "the relays I help run": the relay list of a team member
CREATE INDEX relay_team_pubkey ON relay_team(pubkey);

-- An open offer of a relay to another key: at most one per relay (a new offer replaces it). The row is removed when
-- the offer is accepted, declined or withdrawn; its id is what the receiver accepts, so an offer withdrawn and made
-- again cannot be accepted through the old one.
CREATE TABLE relay_transfers (
    id TEXT PRIMARY KEY,
    relay_id TEXT NOT NULL UNIQUE,
    from_pubkey TEXT NOT NULL,
    to_pubkey TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX relay_transfers_to ON relay_transfers(to_pubkey);

-- A relay handed to another owner (an accepted transfer) changes who has relays: the money view's count of owners
-- (V80, kept by triggers on insert and delete only) is counted again, once per statement. Transfers are rare; the
-- count is one scan.
CREATE FUNCTION money_owners_recount() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE money_owners SET n = (SELECT count(DISTINCT tenant) FROM relays) WHERE id = 1;
    RETURN NULL;
END $$;
CREATE TRIGGER money_relay_owner_changed AFTER UPDATE OF tenant ON relays
    FOR EACH STATEMENT EXECUTE FUNCTION money_owners_recount();
