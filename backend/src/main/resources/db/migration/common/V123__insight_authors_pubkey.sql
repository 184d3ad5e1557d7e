-- Issue 56 follow-up: the relays where a person wrote lately (insight's authors, kept 31 days), found by their key: a
-- request to vanish from ALL_RELAYS reaches these too, where their events are even if they were never listed a member.
CREATE INDEX insight_authors_pubkey ON insight_authors(pubkey);
