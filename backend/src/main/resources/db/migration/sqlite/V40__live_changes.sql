-- Live updates (GET /live): every write to a tenant's relays, invoices or activity gives the tenant a new version,
-- taken from one sequence shared by all tenants. A stream only has to ask "which tenants changed after version N?"
-- (an index range read) to learn what to push, whichever process or code path did the write: the triggers are the
-- one place that knows about every write site, including the job runner in another process sharing this file.
CREATE TABLE tenant_changes (
    tenant  TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
CREATE INDEX tenant_changes_version ON tenant_changes(version);

-- max(version) is read from the index's last entry: the bump is O(log n), not a scan. Writers are serialized by
-- SQLite's write lock, so two bumps never take the same number.
CREATE TRIGGER relays_changed_insert AFTER INSERT ON relays BEGIN
    INSERT OR REPLACE INTO tenant_changes (tenant, version)
    VALUES (NEW.tenant, (SELECT coalesce(max(version), 0) + 1 FROM tenant_changes));
END;
CREATE TRIGGER relays_changed_update AFTER UPDATE ON relays BEGIN
    INSERT OR REPLACE INTO tenant_changes (tenant, version)
    VALUES (NEW.tenant, (SELECT coalesce(max(version), 0) + 1 FROM tenant_changes));
END;
CREATE TRIGGER invoices_changed_insert AFTER INSERT ON invoices BEGIN
    INSERT OR REPLACE INTO tenant_changes (tenant, version)
    VALUES (NEW.tenant, (SELECT coalesce(max(version), 0) + 1 FROM tenant_changes));
END;
CREATE TRIGGER invoices_changed_update AFTER UPDATE ON invoices BEGIN
    INSERT OR REPLACE INTO tenant_changes (tenant, version)
    VALUES (NEW.tenant, (SELECT coalesce(max(version), 0) + 1 FROM tenant_changes));
END;
CREATE TRIGGER activity_changed_insert AFTER INSERT ON activity BEGIN
    INSERT OR REPLACE INTO tenant_changes (tenant, version)
    VALUES (NEW.tenant, (SELECT coalesce(max(version), 0) + 1 FROM tenant_changes));
END;
