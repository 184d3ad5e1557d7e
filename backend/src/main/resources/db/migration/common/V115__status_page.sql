-- Issue 56: the public status page. Each health check's outcome per component ('platform', or 'node:<name>' for a
-- zooid node), kept as the worst state seen in each 5-minute bucket (0 up, 1 degraded, 2 down) for 90 days, and the
-- operator's incident notes.
CREATE TABLE status_samples (
    component TEXT NOT NULL,
    bucket_start BIGINT NOT NULL,
    severity INTEGER NOT NULL CHECK (severity IN (0, 1, 2)),
    checks INTEGER NOT NULL,
    PRIMARY KEY (component, bucket_start)
);
CREATE INDEX status_samples_bucket ON status_samples(bucket_start);

CREATE TABLE status_incidents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('investigating', 'identified', 'monitoring', 'resolved')),
    author TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    resolved_at BIGINT
);
CREATE INDEX status_incidents_created ON status_incidents(created_at);
