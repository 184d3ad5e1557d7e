-- Exact totals of the admin lists, by status: every relay and every tenant counted once in the row of its status.
-- The unfiltered lists and the lists filtered by status read their total here instead of counting the table: on
-- PostgreSQL count(*) reads every index entry (200,000 relays: ~20 ms quiet, 100+ ms under load). Written only by
-- these triggers, in the same transaction as the row they count, so a total is never ahead of or behind its rows.
CREATE TABLE list_totals (
    list   TEXT NOT NULL,
    status TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (list, status)
);
INSERT INTO list_totals (list, status, n) SELECT 'relays', status, count(*) FROM relays GROUP BY status;
INSERT INTO list_totals (list, status, n) SELECT 'tenants', status, count(*) FROM tenants GROUP BY status;

CREATE TRIGGER relays_total_insert AFTER INSERT ON relays BEGIN
    INSERT INTO list_totals (list, status, n) VALUES ('relays', NEW.status, 1)
    ON CONFLICT (list, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER relays_total_delete AFTER DELETE ON relays BEGIN
    UPDATE list_totals SET n = n - 1 WHERE list = 'relays' AND status = OLD.status;
END;
CREATE TRIGGER relays_total_status AFTER UPDATE OF status ON relays WHEN OLD.status <> NEW.status BEGIN
    UPDATE list_totals SET n = n - 1 WHERE list = 'relays' AND status = OLD.status;
    INSERT INTO list_totals (list, status, n) VALUES ('relays', NEW.status, 1)
    ON CONFLICT (list, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER tenants_total_insert AFTER INSERT ON tenants BEGIN
    INSERT INTO list_totals (list, status, n) VALUES ('tenants', NEW.status, 1)
    ON CONFLICT (list, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tenants_total_delete AFTER DELETE ON tenants BEGIN
    UPDATE list_totals SET n = n - 1 WHERE list = 'tenants' AND status = OLD.status;
END;
CREATE TRIGGER tenants_total_status AFTER UPDATE OF status ON tenants WHEN OLD.status <> NEW.status BEGIN
    UPDATE list_totals SET n = n - 1 WHERE list = 'tenants' AND status = OLD.status;
    INSERT INTO list_totals (list, status, n) VALUES ('tenants', NEW.status, 1)
    ON CONFLICT (list, status) DO UPDATE SET n = n + 1;
END;
