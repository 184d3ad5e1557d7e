-- Issue 44: a relay's own bans keep their reason, who banned and when, and may end by themselves. zooid keeps the ban
-- itself (and a reason); this is what zooid cannot keep: the end time, and how the ban ended.
--   until_at:   when the ban lifts itself (epoch seconds); NULL for a ban without end
--   lifted_at:  when it ended, NULL while it stands; lifted_how: 'expired' (its time came), 'by_hand' (lifted early),
--               'platform_kept' (its time came but a platform ban of the same key still stands on the relay)
CREATE TABLE relay_ban_terms (
    relay      TEXT NOT NULL,
    pubkey     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    banned_at  BIGINT NOT NULL,
    banned_by  TEXT,
    until_at   BIGINT,
    lifted_at  BIGINT,
    lifted_by  TEXT,
    lifted_how TEXT,
    PRIMARY KEY (relay, pubkey)
);
