-- Issue 45: a relay's media as Caravel last counted it. zooid reports no per-relay media figure, so the count is the
-- one the relay's last finished backup made of the Blossom files it found (their bytes and number), with its time.
-- A backup that could not list the media leaves the count as it was.
CREATE TABLE insight_media (
    relay_id TEXT PRIMARY KEY,
    bytes BIGINT NOT NULL,
    files BIGINT NOT NULL,
    counted_at BIGINT NOT NULL
);
