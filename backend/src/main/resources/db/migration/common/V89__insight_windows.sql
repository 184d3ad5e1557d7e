-- Issue 45: the admin overview's busiest relays (events over the last 7 days) and fastest growing (members gained,
-- joins less leaves, over the last 30 days) as indexed reads. Summing insight_days across every relay on each view
-- cost ~22 ms of the overview's ~25 ms on 1,000 relays with a year of days, and grows with the platform; these
-- running sums are kept by the recorder's flushes in the same transaction as insight_days (insight.InsightWindowStore).

-- per relay: its events on the days [day - 6, day] and its joins less leaves on [day - 29, day], where day is
-- insight_windows_day's; a relay without a row has neither
CREATE TABLE insight_windows (
    relay_id TEXT PRIMARY KEY,
    events_7d BIGINT NOT NULL DEFAULT 0,
    gained_30d BIGINT NOT NULL DEFAULT 0
);
-- the rankings walk these from the top and stop at the tenth relay shown
CREATE INDEX insight_windows_events ON insight_windows(events_7d DESC, relay_id);
CREATE INDEX insight_windows_gained ON insight_windows(gained_30d DESC, relay_id);

-- the UTC day (days since the epoch) the windows end on, one row. When the day turns, the first flush or view moves
-- it forward and subtracts the days that fell out of the windows. -1: not summed yet (this migration, on a database
-- that may hold insight_days already): the first roll sums the windows from insight_days.
CREATE TABLE insight_windows_day (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    day BIGINT NOT NULL
);
INSERT INTO insight_windows_day (only_row, day) VALUES (1, -1);
