-- Issue 42: the versions GET /relays/:id checks its rendered views against (see SQLite's V77 for the design). Every
-- write to a relay, its tenant, the tenant's invoices or the relay's custom domain raises the tenant's version in the
-- writer's transaction. Writers queue on one advisory lock (store.PostgresWrites), so the version row's lock adds no
-- new order in which two transactions could wait for each other.
CREATE TABLE relay_view_versions (
    tenant  TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO relay_view_versions (tenant, version) SELECT pubkey, 1 FROM tenants;

CREATE FUNCTION relay_view_raise(t TEXT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO relay_view_versions (tenant, version) VALUES (t, 1)
    ON CONFLICT (tenant) DO UPDATE SET version = relay_view_versions.version + 1
$$;

-- TG_TABLE_NAME says where the tenant is: tenants.pubkey, relays.tenant, invoices.tenant, or the relay of a domain
CREATE FUNCTION relay_view_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_tenant TEXT;
    new_tenant TEXT;
BEGIN
    IF TG_TABLE_NAME = 'tenants' THEN
        IF TG_OP <> 'INSERT' THEN old_tenant := OLD.pubkey; END IF;
        IF TG_OP <> 'DELETE' THEN new_tenant := NEW.pubkey; END IF;
    ELSIF TG_TABLE_NAME = 'relay_domains' THEN
        IF TG_OP <> 'INSERT' THEN SELECT tenant INTO old_tenant FROM relays WHERE id = OLD.relay_id; END IF;
        IF TG_OP <> 'DELETE' THEN SELECT tenant INTO new_tenant FROM relays WHERE id = NEW.relay_id; END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN old_tenant := OLD.tenant; END IF;
        IF TG_OP <> 'DELETE' THEN new_tenant := NEW.tenant; END IF;
    END IF;
    IF new_tenant IS NOT NULL THEN PERFORM relay_view_raise(new_tenant); END IF;
    IF old_tenant IS NOT NULL AND old_tenant IS DISTINCT FROM new_tenant THEN
        PERFORM relay_view_raise(old_tenant);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER relay_view_tenants AFTER INSERT OR UPDATE OR DELETE ON tenants
    FOR EACH ROW EXECUTE FUNCTION relay_view_changed();
CREATE TRIGGER relay_view_relays AFTER INSERT OR UPDATE OR DELETE ON relays
    FOR EACH ROW EXECUTE FUNCTION relay_view_changed();
CREATE TRIGGER relay_view_invoices AFTER INSERT OR UPDATE OR DELETE ON invoices
    FOR EACH ROW EXECUTE FUNCTION relay_view_changed();
CREATE TRIGGER relay_view_domains AFTER INSERT OR UPDATE OR DELETE ON relay_domains
    FOR EACH ROW EXECUTE FUNCTION relay_view_changed();
