-- Rate limits shared by every Caravel process on this database: one token bucket per limited thing (an address, a
-- public key, an invoice), kept by bucket4j's PostgreSQL backend (store.SharedRateBuckets): id is the bucket's key, state
-- the library's serialized bucket, expires_at (epoch ms) when a full bucket may be forgotten. SQLite has no such table:
-- one process serves a SQLite file and keeps its buckets in memory.
CREATE TABLE rate_limit_buckets (
    id         TEXT PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
CREATE INDEX rate_limit_buckets_expires_at ON rate_limit_buckets(expires_at);
