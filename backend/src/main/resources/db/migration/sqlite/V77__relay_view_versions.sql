-- Issue 42: GET /relays/:id answers from a view rendered earlier while nothing it shows has changed. What it shows
-- comes from four tables: the relay's row, its tenant's row (suspended or not), the tenant's invoices (one overdue)
-- and the relay's custom domain. Every write to one of them raises its tenant's version here, by these triggers, in the
-- same transaction as the write: no code path (nor another process, nor a hand-written UPDATE) can change what a
-- view shows without moving the number the view was rendered at, so a view is served only while its version stands.
CREATE TABLE relay_view_versions (
    tenant  TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO relay_view_versions (tenant, version) SELECT pubkey, 1 FROM tenants;

CREATE TRIGGER relay_view_tenants_insert AFTER INSERT ON tenants BEGIN
    INSERT INTO relay_view_versions (tenant, version) VALUES (NEW.pubkey, 1)
    ON CONFLICT (tenant) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER relay_view_tenants_update AFTER UPDATE ON tenants BEGIN
    INSERT INTO relay_view_versions (tenant, version) VALUES (NEW.pubkey, 1)
    ON CONFLICT (tenant) DO UPDATE SET version = version + 1;
    INSERT INTO relay_view_versions (tenant, version) SELECT OLD.pubkey, 1 WHERE OLD.pubkey <> NEW.pubkey
    ON CONFLICT (tenant) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER relay_view_tenants_delete AFTER DELETE ON tenants BEGIN
    UPDATE relay_view_versions SET version = version + 1 WHERE tenant = OLD.pubkey;
END;

CREATE TRIGGER relay_view_relays_insert AFTER INSERT ON relays BEGIN
    INSERT INTO relay_view_versions (tenant, version) VALUES (NEW.tenant, 1)
    ON CONFLICT (tenant) DO UPDATE SET version = version + 1;
END;
-- a relay given to another tenant moves both tenants' versions
CREATE TRIGGER relay_view_relays_update AFTER UPDATE ON relays BEGIN
    INSERT INTO relay_view_versions (tenant, version) VALUES (NEW.tenant, 1)
    ON CONFLICT (tenant) DO UPDATE SET version = version + 1;
    INSERT INTO relay_view_versions (tenant, version) SELECT OLD.tenant, 1 WHERE OLD.tenant <> NEW.tenant
    ON CONFLICT (tenant) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER relay_view_relays_delete AFTER DELETE ON relays BEGIN
    UPDATE relay_view_versions SET version = version + 1 WHERE tenant = OLD.tenant;
END;

CREATE TRIGGER relay_view_invoices_insert AFTER INSERT ON invoices BEGIN
    INSERT INTO relay_view_versions (tenant, version) VALUES (NEW.tenant, 1)
    ON CONFLICT (tenant) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER relay_view_invoices_update AFTER UPDATE ON invoices BEGIN
    INSERT INTO relay_view_versions (tenant, version) VALUES (NEW.tenant, 1)
    ON CONFLICT (tenant) DO UPDATE SET version = version + 1;
    INSERT INTO relay_view_versions (tenant, version) SELECT OLD.tenant, 1 WHERE OLD.tenant <> NEW.tenant
    ON CONFLICT (tenant) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER relay_view_invoices_delete AFTER DELETE ON invoices BEGIN
    UPDATE relay_view_versions SET version = version + 1 WHERE tenant = OLD.tenant;
END;

-- a domain's tenant is its relay's (a relay deleted first has no view left to serve)
CREATE TRIGGER relay_view_domains_insert AFTER INSERT ON relay_domains BEGIN
    INSERT INTO relay_view_versions (tenant, version) SELECT tenant, 1 FROM relays WHERE id = NEW.relay_id
    ON CONFLICT (tenant) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER relay_view_domains_update AFTER UPDATE ON relay_domains BEGIN
    INSERT INTO relay_view_versions (tenant, version) SELECT tenant, 1 FROM relays WHERE id IN (NEW.relay_id, OLD.relay_id)
    ON CONFLICT (tenant) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER relay_view_domains_delete AFTER DELETE ON relay_domains BEGIN
    UPDATE relay_view_versions SET version = version + 1
    WHERE tenant IN (SELECT tenant FROM relays WHERE id = OLD.relay_id);
END;
