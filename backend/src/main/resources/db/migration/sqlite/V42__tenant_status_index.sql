-- The admin tenant list filtered by status (e.g. the suspended ones, 1-2 % of tenants) walked every tenant newest
-- first to fill a page and counted them with a full scan: measured p99 96 ms with 100,000 tenants.
CREATE INDEX tenants_status_created ON tenants(status, created_at, pubkey);
