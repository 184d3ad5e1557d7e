-- Issue 45: a relay's insight, kept as aggregates written by the watch's event listener (insight.InsightRecorder) in
-- batches, so a view reads a few hundred rows however many events the relay holds. Days are UTC days since the epoch
-- on which Caravel saw the event (its arrival, never its created_at: a post dated 2100 counts today).

-- one row per relay and day: every event seen, the posts among them, their bytes (the event's JSON, estimated),
-- joins (8000) and leaves or removals (8001), and how many distinct authors wrote that day
CREATE TABLE insight_days (
    relay_id TEXT NOT NULL,
    day BIGINT NOT NULL,
    events BIGINT NOT NULL DEFAULT 0,
    posts BIGINT NOT NULL DEFAULT 0,
    bytes BIGINT NOT NULL DEFAULT 0,
    joins BIGINT NOT NULL DEFAULT 0,
    leaves BIGINT NOT NULL DEFAULT 0,
    authors BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (relay_id, day)
);
-- the admin overview's busiest and fastest growing: the last days of every relay, read from this index alone (it
-- holds every column those sums need)
CREATE INDEX insight_days_day ON insight_days(day, relay_id, events, joins, leaves);

-- events by kind, per relay and day
CREATE TABLE insight_kinds (
    relay_id TEXT NOT NULL,
    day BIGINT NOT NULL,
    kind INTEGER NOT NULL,
    events BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (relay_id, day, kind)
);

-- who wrote on a day, kept for the last 31 days only (active members over 7 and 30 days, top posters)
CREATE TABLE insight_authors (
    relay_id TEXT NOT NULL,
    day BIGINT NOT NULL,
    pubkey TEXT NOT NULL,
    events BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (relay_id, day, pubkey)
);

-- ids of events the watch could hand over again after a reconnect (recent ones: a new subscription asks for events
-- since about its opening), kept a day after both their arrival and their date (at most 31 days)
CREATE TABLE insight_seen (
    relay_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    keep_until BIGINT NOT NULL,
    PRIMARY KEY (relay_id, event_id)
);
CREATE INDEX insight_seen_keep ON insight_seen(keep_until);

-- per relay: everything seen since Caravel started watching, and its members as the relay's last member list
-- (13534) said, for the admin's largest relays and relays near their cap
CREATE TABLE insight_totals (
    relay_id TEXT PRIMARY KEY,
    events BIGINT NOT NULL DEFAULT 0,
    bytes BIGINT NOT NULL DEFAULT 0,
    members BIGINT NOT NULL DEFAULT 0,
    members_at BIGINT NOT NULL DEFAULT 0,
    first_day BIGINT NOT NULL
);
CREATE INDEX insight_totals_members ON insight_totals(members);
CREATE INDEX insight_totals_bytes ON insight_totals(bytes);

-- the whole platform per day (the admin's chart and the metrics), written by the same flushes
CREATE TABLE insight_platform_days (
    day BIGINT PRIMARY KEY,
    events BIGINT NOT NULL DEFAULT 0,
    posts BIGINT NOT NULL DEFAULT 0,
    bytes BIGINT NOT NULL DEFAULT 0,
    joins BIGINT NOT NULL DEFAULT 0,
    leaves BIGINT NOT NULL DEFAULT 0
);
