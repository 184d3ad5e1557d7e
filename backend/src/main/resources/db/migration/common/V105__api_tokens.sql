-- Personal API tokens (docs/api-tokens.md): a script's bearer credential, owned by tokens.ApiTokenStore.
-- The token itself is shown once and never stored: token_hash is its SHA-256 (hex), looked up on every request.
-- A plain hash suffices because the token is 256 random bits: no dictionary or brute force reaches it, so a slow
-- password hash would only slow every request. prefix is the start of the token, shown in lists to recognize it.
-- relay_id limits the token to one relay (null: every relay its creator has a role on); scopes is a comma list of
-- domain.TokenScope wire names. Revoking sets revoked_at; the row stays so the activity log's via_token still names it.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    pubkey       TEXT NOT NULL,
    name         TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    relay_id     TEXT,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_pubkey ON api_tokens(pubkey, created_at);
CREATE INDEX api_tokens_relay ON api_tokens(relay_id);

-- The token an action was taken with (api_tokens.id), null for a session or a signature: the activity log and its
-- export name it.
ALTER TABLE activity ADD COLUMN via_token TEXT;
-- The retention job removes the oldest rows by age, the admin export reads a date range across relays.
CREATE INDEX activity_created ON activity(created_at, id);
