-- PostgreSQL only: indexes in the admin lists' own order. The relay and tenant lists sort newest first with ties by
-- key ascending (created_at DESC, id / pubkey ASC); an index on (created_at, id) read backwards gives created_at DESC
-- with id DESC, so PostgreSQL cannot walk it for that order and sorted the whole table instead — a page deep in
-- /relays by number took ~130 ms at 200,000 relays (a sequential scan and a sort of every row). SQLite walks the
-- created_at part and sorts only the ties, so its schema needs none of these.
--
-- The relay lists' indexes carry rowid: store.Filters finds a deep page's rows by rowid first, stepping over index
-- entries only, which on PostgreSQL needs rowid in the index for an index-only scan (SQLite's indexes hold it anyway).
CREATE INDEX relays_list ON relays (created_at DESC, id) INCLUDE (rowid);
CREATE INDEX relays_status_list ON relays (status, created_at DESC, id) INCLUDE (rowid);
CREATE INDEX tenants_list ON tenants (created_at DESC, pubkey);
CREATE INDEX tenants_status_list ON tenants (status, created_at DESC, pubkey);
