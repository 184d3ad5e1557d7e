-- Issue 27: an administrator moves a relay from one zooid node to another (community.RelayMoves). One row per move,
-- its steps recorded as they finish so a process that dies part-way resumes at the step it was on: created (the
-- relay's config, members and bans are on the new node), copied (every event the old node held at the first copy is
-- on the new one), switched (the relay row names the new node and the proxy routes its host there), caught_up (the
-- copy was repeated until a pass found nothing new), done (the old node no longer holds it); failed stops a move
-- before its switch, the relay untouched on its old node.
CREATE TABLE relay_moves (
    id TEXT PRIMARY KEY,
    relay_id TEXT NOT NULL,
    from_node TEXT NOT NULL,
    to_node TEXT NOT NULL,
    step TEXT NOT NULL,
    events BIGINT NOT NULL DEFAULT 0,
    error TEXT,
    actor TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    switched_at BIGINT,
    updated_at BIGINT NOT NULL
);

-- at most one unfinished move per relay
CREATE UNIQUE INDEX relay_moves_open ON relay_moves(relay_id) WHERE step NOT IN ('done', 'failed');
CREATE INDEX relay_moves_relay ON relay_moves(relay_id, started_at);
