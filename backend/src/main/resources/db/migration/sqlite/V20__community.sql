-- Community tools (issue 14). zooid keeps members, bans and events; Caravel keeps only what zooid has no place
-- for: which reports were dismissed, why an event was deleted, cap refusals, and platform-wide bans.

-- kind 1984 reports seen on a relay (by the membership/report watcher or a listing), and their dismissal
CREATE TABLE community_reports (
    relay         TEXT NOT NULL REFERENCES relays(id),
    event_id      TEXT NOT NULL CHECK (length(event_id) = 64),
    reporter      TEXT NOT NULL,
    created_at    INTEGER NOT NULL,            -- the report event's created_at
    seen_at       INTEGER NOT NULL,
    dismissed_at  INTEGER,
    dismissed_by  TEXT,
    resolved_how  TEXT,                        -- 'dismissed', 'event_deleted', 'author_banned'
    PRIMARY KEY (relay, event_id)
);
CREATE INDEX community_reports_open ON community_reports(relay, dismissed_at);

-- events deleted from a relay through Caravel (banevent), with the reason zooid's archived line cannot list back
CREATE TABLE community_event_bans (
    relay       TEXT NOT NULL REFERENCES relays(id),
    event_id    TEXT NOT NULL CHECK (length(event_id) = 64),
    author      TEXT,
    kind        INTEGER,
    reason      TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    lifted_at   INTEGER,
    lifted_by   TEXT,
    PRIMARY KEY (relay, event_id)
);

-- people a join beyond the plan's member cap was reversed for (shown on the relay page)
CREATE TABLE community_cap_refusals (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    relay       TEXT NOT NULL REFERENCES relays(id),
    pubkey      TEXT NOT NULL,
    plan        TEXT NOT NULL,
    cap         INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX community_cap_refusals_relay ON community_cap_refusals(relay, id);

-- a super-admin's ban of one pubkey on every relay, run as a durable job with visible progress
CREATE TABLE platform_bans (
    id          TEXT PRIMARY KEY,
    pubkey      TEXT NOT NULL CHECK (length(pubkey) = 64),
    reason      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'undoing', 'undone')),
    total       INTEGER NOT NULL DEFAULT 0,
    done        INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX platform_bans_pubkey ON platform_bans(pubkey);

-- per relay, what one platform ban did there (so undo touches exactly those relays)
CREATE TABLE platform_ban_relays (
    ban       TEXT NOT NULL REFERENCES platform_bans(id),
    relay     TEXT NOT NULL REFERENCES relays(id),
    state     TEXT NOT NULL CHECK (state IN ('banned', 'failed', 'skipped', 'unbanned')),
    error     TEXT,
    PRIMARY KEY (ban, relay)
);

-- members Caravel itself added (POST /relays/:id/members): when joins land in the same second as such an addition,
-- the join through an invite is the one beyond the allowance (zooid's kind 8000 events only have 1 s resolution)
CREATE TABLE community_member_adds (
    relay       TEXT NOT NULL REFERENCES relays(id),
    pubkey      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (relay, pubkey)
);
