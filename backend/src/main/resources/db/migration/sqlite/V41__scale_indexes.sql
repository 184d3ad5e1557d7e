-- Indexes for a platform of 100,000 tenants / 200,000 relays / 1,000,000 invoices (bench: ./caravel bench scale).
-- Each one replaces a scan or a sort seen in EXPLAIN QUERY PLAN on the seeded database.
--
-- Whoever rebuilds the relays table (create new, copy, drop, rename) must recreate the triggers below and in V40,
-- which go with the dropped table, and run INSERT INTO relays_search(relays_search) VALUES ('rebuild').

-- Relay lists are ordered newest first; with a status filter the sort was a temp B-tree over every matching relay.
CREATE INDEX relays_created ON relays(created_at, id);
CREATE INDEX relays_status_created ON relays(status, created_at, id);
CREATE INDEX relays_tenant_created ON relays(tenant, created_at, id);

-- Admin search by name, subdomain or id was lower(col) LIKE '%term%' over every relay (a full scan, twice: count
-- and page). A trigram full-text index answers substring matches of 3+ characters from an index, case-insensitively.
CREATE VIRTUAL TABLE relays_search USING fts5(name, subdomain, id, content = 'relays', content_rowid = 'rowid', tokenize = 'trigram');
INSERT INTO relays_search (relays_search) VALUES ('rebuild');
CREATE TRIGGER relays_search_insert AFTER INSERT ON relays BEGIN
    INSERT INTO relays_search (rowid, name, subdomain, id) VALUES (NEW.rowid, NEW.name, NEW.subdomain, NEW.id);
END;
CREATE TRIGGER relays_search_delete AFTER DELETE ON relays BEGIN
    INSERT INTO relays_search (relays_search, rowid, name, subdomain, id) VALUES ('delete', OLD.rowid, OLD.name, OLD.subdomain, OLD.id);
END;
CREATE TRIGGER relays_search_update AFTER UPDATE OF name, subdomain, id ON relays BEGIN
    INSERT INTO relays_search (relays_search, rowid, name, subdomain, id) VALUES ('delete', OLD.rowid, OLD.name, OLD.subdomain, OLD.id);
    INSERT INTO relays_search (rowid, name, subdomain, id) VALUES (NEW.rowid, NEW.name, NEW.subdomain, NEW.id);
END;

-- The admin tenant list is ordered newest first (it sorted every tenant); search by pubkey prefix is a range on the
-- primary key (TenantStore), no index needed.
CREATE INDEX tenants_created ON tenants(created_at, pubkey);

-- A tenant's invoices newest first, with or without a status filter.
CREATE INDEX invoices_tenant_created ON invoices(tenant, created_at, id);

-- The renewal run reads only tenants whose cycle may have turned: a cycle is at least 28 days long, so a tenant whose
-- last renewed cycle (or, before the first renewal, its anchor) started less than 28 days ago cannot be due.
CREATE INDEX tenants_renewal_due ON tenants(coalesce(renewed_cycle_start, billing_anchor)) WHERE billing_anchor IS NOT NULL;
