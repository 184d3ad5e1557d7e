-- Per-relay settings (domain.Setting; one column per setting, named as the API names it, 0 or 1). Each default is
-- what Caravel sent zooid before relays had settings, so every existing relay keeps its behaviour: no public read or
-- write (zooid has neither), invites only (public_join off), signatures kept, rooms and the management API on,
-- invites by the owner only, no push. Media and calls default to on: what a relay really gets is the stored value
-- AND its plan including the feature, exactly as the plan alone decided before.
ALTER TABLE relays ADD COLUMN policy_public_read INTEGER NOT NULL DEFAULT 0 CHECK (policy_public_read IN (0, 1));
ALTER TABLE relays ADD COLUMN policy_public_write INTEGER NOT NULL DEFAULT 0 CHECK (policy_public_write IN (0, 1));
ALTER TABLE relays ADD COLUMN policy_public_join INTEGER NOT NULL DEFAULT 0 CHECK (policy_public_join IN (0, 1));
ALTER TABLE relays ADD COLUMN policy_strip_signatures INTEGER NOT NULL DEFAULT 0 CHECK (policy_strip_signatures IN (0, 1));
ALTER TABLE relays ADD COLUMN groups_enabled INTEGER NOT NULL DEFAULT 1 CHECK (groups_enabled IN (0, 1));
ALTER TABLE relays ADD COLUMN management_enabled INTEGER NOT NULL DEFAULT 1 CHECK (management_enabled IN (0, 1));
ALTER TABLE relays ADD COLUMN members_can_invite INTEGER NOT NULL DEFAULT 0 CHECK (members_can_invite IN (0, 1));
ALTER TABLE relays ADD COLUMN blossom_enabled INTEGER NOT NULL DEFAULT 1 CHECK (blossom_enabled IN (0, 1));
ALTER TABLE relays ADD COLUMN livekit_enabled INTEGER NOT NULL DEFAULT 1 CHECK (livekit_enabled IN (0, 1));
ALTER TABLE relays ADD COLUMN push_enabled INTEGER NOT NULL DEFAULT 0 CHECK (push_enabled IN (0, 1));
