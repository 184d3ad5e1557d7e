-- Exact totals of the admin lists, by status (see SQLite's V68 for the design): count(*) of 200,000 relays reads every
-- index entry here, so the unfiltered lists and the lists filtered by status read their total from this table, which
-- these triggers keep in the same transaction as the rows they count.
CREATE TABLE list_totals (
    list   TEXT NOT NULL,
    status TEXT NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (list, status)
);
INSERT INTO list_totals (list, status, n) SELECT 'relays', status, count(*) FROM relays GROUP BY status;
INSERT INTO list_totals (list, status, n) SELECT 'tenants', status, count(*) FROM tenants GROUP BY status;

-- TG_TABLE_NAME is the list's name: relays or tenants
CREATE FUNCTION list_total_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE list_totals SET n = n - 1 WHERE list = TG_TABLE_NAME AND status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO list_totals (list, status, n) VALUES (TG_TABLE_NAME, NEW.status, 1)
        ON CONFLICT (list, status) DO UPDATE SET n = list_totals.n + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER relays_total AFTER INSERT OR DELETE ON relays
    FOR EACH ROW EXECUTE FUNCTION list_total_counted();
CREATE TRIGGER relays_total_status AFTER UPDATE OF status ON relays
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION list_total_counted();
CREATE TRIGGER tenants_total AFTER INSERT OR DELETE ON tenants
    FOR EACH ROW EXECUTE FUNCTION list_total_counted();
CREATE TRIGGER tenants_total_status AFTER UPDATE OF status ON tenants
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION list_total_counted();
