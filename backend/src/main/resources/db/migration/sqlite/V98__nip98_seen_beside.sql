-- Issue 55: on SQLite the NIP-98 replay ids live in a file of their own beside the database (auth.ReplayLedger), so a
-- strict request's commit no longer makes every other connection drop its page cache. Dropped here, not left behind:
-- a backend of an older version on the same file would otherwise keep writing ids nobody else reads; without the
-- table its strict requests fail instead of passing a replay.
DROP TABLE nip98_seen;
