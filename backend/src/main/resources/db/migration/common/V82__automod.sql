-- Issue 44: a relay's automatic moderation rules (each off by default), what they removed, the members they hold
-- the first posts of, and when an author was last told. Owned by automod.AutomodStore.

-- One row per relay that ever saved its rules; no row means every rule off. version (ms) rises on each save, so a
-- process that caches compiled rules can ask which relays changed since it last looked.
CREATE TABLE automod_settings (
    relay_id             TEXT PRIMARY KEY,
    blocked_enabled      INTEGER NOT NULL,
    first_posts_enabled  INTEGER NOT NULL,
    first_posts_count    INTEGER NOT NULL,
    first_posts_days     INTEGER NOT NULL,
    version              BIGINT NOT NULL,
    updated_by           TEXT NOT NULL
);

CREATE INDEX automod_settings_version ON automod_settings(version);

-- The blocked words (kind 'word') and patterns (kind 'pattern') of a relay, in the order the owner gave them.
CREATE TABLE automod_terms (
    relay_id  TEXT NOT NULL,
    position  INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    text      TEXT NOT NULL,
    PRIMARY KEY (relay_id, position)
);

-- Every event a rule removed, once per relay and event: the row is claimed before anything is done, so an event heard
-- twice is removed once. removed_at: the relay confirmed banevent; handed_at: the moderation queue has it;
-- restored_at: someone let it back (never removed again).
CREATE TABLE automod_removals (
    relay_id     TEXT NOT NULL,
    event_id     TEXT NOT NULL,
    author       TEXT NOT NULL,
    kind         INTEGER NOT NULL,
    cause        TEXT NOT NULL,
    detail       TEXT NOT NULL,
    event_json   TEXT NOT NULL,
    accepted_at  BIGINT NOT NULL,
    removed_at   BIGINT,
    restored_at  BIGINT,
    handed_at    BIGINT,
    PRIMARY KEY (relay_id, event_id)
);

-- Members whose join Caravel heard (the relay's kind 8000 about them) while the first-posts rule was on, and how many
-- of their posts it has held.
CREATE TABLE automod_members (
    relay_id   TEXT NOT NULL,
    pubkey     TEXT NOT NULL,
    joined_at  BIGINT NOT NULL,
    held       INTEGER NOT NULL,
    PRIMARY KEY (relay_id, pubkey)
);

-- When an author was last told by DM why a post was removed: at most one such DM per author, relay and hour.
CREATE TABLE automod_notices (
    relay_id  TEXT NOT NULL,
    pubkey    TEXT NOT NULL,
    told_at   BIGINT NOT NULL,
    PRIMARY KEY (relay_id, pubkey)
);
