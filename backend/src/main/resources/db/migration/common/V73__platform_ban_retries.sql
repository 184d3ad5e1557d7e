-- Issue 41: a platform ban stands. It reaches relays that were off when it ran (once they are served again) and
-- relays created later, and a pass that failed on a served relay is tried again, later each time, until it holds.
--   retries:       how many passes in a row failed on some served relay (0: the last pass reached every served one)
--   next_retry_at: when the next retry pass runs (epoch seconds), NULL when none waits
ALTER TABLE platform_bans ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE platform_bans ADD COLUMN next_retry_at BIGINT;
