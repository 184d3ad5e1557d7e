-- Session revocations seen by every process: a counter each revocation raises in the same transaction.
-- auth.Sessions keeps a valid session in memory with the counter it read before the session's row, and reads the
-- counter (one row) on each use, so a session revoked by any process is refused by every other on its next request.
CREATE TABLE session_revocations (
    id      TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO session_revocations (id, version) VALUES ('sessions', 0);
