-- Membership changes heard on a relay, told to every process's live streams. Joins and leaves happen on zooid, so no
-- other write in this database announces them: the process that hears one (its watcher, or the allowance check that
-- ran wherever the job runner took it) bumps the relay's row here, the trigger gives the tenant a new change version
-- (V40), and each process's open streams count that relay again. checked_from: when the allowance check that ended
-- started (epoch ms), so a process holding a join heard after that start keeps holding it.
-- The bump is an upsert, not V40's INSERT OR REPLACE: member_changes is itself written by an upsert, and SQLite lets
-- the outer statement's conflict handling (abort) override a trigger's OR REPLACE.
CREATE TABLE member_changes (
    relay_id     TEXT PRIMARY KEY,
    tenant       TEXT NOT NULL,
    version      INTEGER NOT NULL,
    checked_from INTEGER NOT NULL
);
CREATE INDEX member_changes_tenant ON member_changes(tenant);

CREATE TRIGGER member_changes_insert AFTER INSERT ON member_changes BEGIN
    INSERT INTO tenant_changes (tenant, version)
    VALUES (NEW.tenant, (SELECT coalesce(max(version), 0) + 1 FROM tenant_changes))
    ON CONFLICT (tenant) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER member_changes_update AFTER UPDATE ON member_changes BEGIN
    INSERT INTO tenant_changes (tenant, version)
    VALUES (NEW.tenant, (SELECT coalesce(max(version), 0) + 1 FROM tenant_changes))
    ON CONFLICT (tenant) DO UPDATE SET version = excluded.version;
END;
