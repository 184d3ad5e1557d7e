-- Issue 45: a relay's old custom domain (changed or removed) answers NIP-11 with redirect_to = the relay's address now
-- until until_at (RELAY_REDIRECT_SECONDS), so Nostr apps move their members' relay lists over; /tls/ask lets the old
-- domain keep a certificate meanwhile, or the redirect could not be read over TLS. Written only for a domain the relay
-- held verified when it let it go (its owner had proven the name with the TXT record), so nobody can make a host
-- redirect to a relay that never held it. One row per old domain; the target is read when asked. A relay that gets
-- the domain verified afterwards takes it: its verification removes the row, and a row is never answered while any
-- relay holds the name verified.
CREATE TABLE domain_redirects (
    domain     TEXT PRIMARY KEY,
    relay      TEXT NOT NULL REFERENCES relays(id),
    until_at   BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX domain_redirects_relay ON domain_redirects(relay);
