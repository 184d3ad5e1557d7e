-- Several Caravel processes on one database.

-- Periodic work (the billing run, the card rail's check) runs once per period whichever processes run: the first
-- job to insert (name, period_start_ms) does the period's work; any other job for the same period finds the row and
-- only queues the next one. job_id lets the winning job's own retries (after a failure, or after its process died
-- and the lease lapsed) run the period they claimed.
CREATE TABLE periodic_runs (
    name            TEXT NOT NULL,
    period_start_ms BIGINT NOT NULL,
    job_id          BIGINT NOT NULL,
    claimed_at_ms   BIGINT NOT NULL,
    PRIMARY KEY (name, period_start_ms)
);

-- Each relay's live subscription (community.MembershipWatcher) is held by one process at a time. Relays are spread
-- over a fixed number of shards by their id, and a process leases whole shards: renewing a process's leases is one
-- UPDATE of a few dozen rows, where a row per relay would be hundreds of thousands of writes per heartbeat. A lease
-- whose holder stopped renewing it (killed) can be taken once until_ms has passed.
--
-- watchers: the processes taking part, each renewing its row with its leases, so that a process starting next to
-- one that holds every shard is counted, and the holder gives up its share.
CREATE TABLE watchers (
    owner    TEXT PRIMARY KEY,
    until_ms BIGINT NOT NULL
);

CREATE TABLE watch_leases (
    shard      BIGINT PRIMARY KEY,
    owner      TEXT NOT NULL,
    until_ms   BIGINT NOT NULL,
    since_ms   BIGINT NOT NULL
);
CREATE INDEX watch_leases_owner ON watch_leases(owner);

-- zooid serves a relay from a new instance after every write of its config, and subscriptions to the old one go
-- deaf. The process that wrote the config may not be the one watching the relay: every successful write counts here,
-- and the watching process opens its subscription again when the count moved past the one it subscribed at.
ALTER TABLE relays ADD COLUMN config_writes BIGINT NOT NULL DEFAULT 0;
