-- Issue 45: relays' own backups (events, media, settings, members, bans, names), taken on a schedule the owner picks
-- or on demand, kept in the platform's data folder or an S3-compatible bucket, and restores from them.

-- One backup: its files live under `location` in the storage named by `storage` ('local' or 's3'); the row says
-- what is there once `status` is 'done' (every file re-read and checked against the manifest).
CREATE TABLE relay_backups (
    id TEXT PRIMARY KEY,
    relay_id TEXT NOT NULL,
    tenant TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    storage TEXT NOT NULL,
    location TEXT NOT NULL,
    events BIGINT NOT NULL DEFAULT 0,
    blobs BIGINT NOT NULL DEFAULT 0,
    media_bytes BIGINT NOT NULL DEFAULT 0,
    members BIGINT NOT NULL DEFAULT 0,
    bans BIGINT NOT NULL DEFAULT 0,
    names BIGINT NOT NULL DEFAULT 0,
    bytes BIGINT NOT NULL DEFAULT 0,
    manifest_sha256 TEXT,
    media_note TEXT,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    actor TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    finished_at BIGINT
);

CREATE INDEX relay_backups_relay ON relay_backups(relay_id, created_at);

-- The owner's schedule for one relay: 'daily', 'weekly' or 'off'. A relay without a row is backed up daily.
CREATE TABLE relay_backup_schedules (
    relay_id TEXT PRIMARY KEY,
    every TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One restore of a backup into a relay, in steps; `step` and `cursor` say how far it got, so a restore whose
-- process died resumes where it was (every step is idempotent).
CREATE TABLE relay_restores (
    id TEXT PRIMARY KEY,
    relay_id TEXT NOT NULL,
    tenant TEXT NOT NULL,
    backup_id TEXT NOT NULL,
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    step TEXT NOT NULL,
    cursor BIGINT NOT NULL DEFAULT 0,
    events_total BIGINT NOT NULL DEFAULT 0,
    events_done BIGINT NOT NULL DEFAULT 0,
    events_refused BIGINT NOT NULL DEFAULT 0,
    blobs_total BIGINT NOT NULL DEFAULT 0,
    blobs_done BIGINT NOT NULL DEFAULT 0,
    members_done BIGINT NOT NULL DEFAULT 0,
    bans_done BIGINT NOT NULL DEFAULT 0,
    names_done BIGINT NOT NULL DEFAULT 0,
    problems TEXT,
    error TEXT,
    actor TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX relay_restores_relay ON relay_restores(relay_id, created_at);
