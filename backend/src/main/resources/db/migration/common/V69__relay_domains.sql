-- Issue 28: a relay served at its owner's own domain (domains.CustomDomains). One row per relay that has one. The
-- owner proves the domain with two DNS records: a CNAME to the relay's canonical host (which also routes the name)
-- and a TXT record holding token. state: pending (records not seen yet), verified (served: the proxy routes the name
-- and /tls/ask allows a certificate), lost (was verified, its records went missing; no longer served, checked again
-- until they return). misses counts background checks in a row that did not find the records of a verified domain.
CREATE TABLE relay_domains (
    relay_id TEXT PRIMARY KEY,
    domain TEXT NOT NULL,
    token TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'verified', 'lost')),
    problem TEXT,
    misses INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    checked_at BIGINT,
    verified_at BIGINT,
    next_check_at BIGINT
);

-- one domain, one relay: several relays may claim a name while it is pending, only one can be served at it
CREATE UNIQUE INDEX relay_domains_served ON relay_domains(domain) WHERE state = 'verified';
CREATE INDEX relay_domains_domain ON relay_domains(domain);
CREATE INDEX relay_domains_due ON relay_domains(next_check_at);
