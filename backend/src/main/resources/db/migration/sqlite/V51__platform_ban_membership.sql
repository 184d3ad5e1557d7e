-- Issue 23: undoing a platform ban restores membership exactly where the ban removed it. Per relay, the ban now
-- records whether the pubkey was a member when it was banned there, and the undo's outcome apart from the ban's (an
-- undo that fails no longer erases that the ban is in place). SQLite cannot alter a CHECK constraint, so the table
-- is rebuilt; nothing references it.
--   state:       what the ban did: 'banning' (about to call the relay: a resumed job knows the ban may have landed),
--                'banned', 'already_banned' (banned there before, by the relay's owner: the undo leaves that ban),
--                'skipped' (the relay's owner), 'failed'
--   was_member:  whether the pubkey was a member right before the ban (NULL: banned before this was recorded)
--   owner_acted: what the relay's owner (or an administrator on that relay) did to the pubkey there since: 'banned'
--                or 'unbanned' (the undo leaves the relay as they left it), 'removed' (lifted, membership not restored)
--   undo_state:  'unbanned', 'restored' (lifted and a member again), 'cap_full' (lifted; not restored, the relay is
--                at its plan's member limit), 'left' (see owner_acted), 'failed'
CREATE TABLE platform_ban_relays_v51 (
    ban         TEXT NOT NULL REFERENCES platform_bans(id),
    relay       TEXT NOT NULL REFERENCES relays(id),
    state       TEXT NOT NULL CHECK (state IN ('banning', 'banned', 'already_banned', 'skipped', 'failed')),
    error       TEXT,
    was_member  INTEGER CHECK (was_member IN (0, 1)),
    owner_acted TEXT CHECK (owner_acted IN ('banned', 'unbanned', 'removed')),
    undo_state  TEXT CHECK (undo_state IN ('unbanned', 'restored', 'cap_full', 'left', 'failed')),
    undo_error  TEXT,
    PRIMARY KEY (ban, relay)
);
-- an 'unbanned' row was banned, then lifted; a 'failed' row is kept as a failed ban (whether it failed banning or
-- lifting was not recorded, and an undo must not lift a ban it cannot be sure it put there)
INSERT INTO platform_ban_relays_v51 (ban, relay, state, error, undo_state)
SELECT ban, relay, CASE state WHEN 'unbanned' THEN 'banned' ELSE state END, error,
       CASE state WHEN 'unbanned' THEN 'unbanned' END
FROM platform_ban_relays;
DROP TABLE platform_ban_relays;
ALTER TABLE platform_ban_relays_v51 RENAME TO platform_ban_relays;
CREATE INDEX platform_ban_relays_relay ON platform_ban_relays(relay);
