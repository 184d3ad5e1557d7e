-- Issue 53 (R5-6): lifting a ban through Caravel makes the key a member again when it was one when banned (zooid's
-- banpubkey ends the membership and its unbanpubkey does not give it back).
--   was_member: 1 when the key was a member of the relay right before Caravel banned it, 0 when not; NULL when
--               unknown (a ban given before this column, or the relay's member list could not be read then)
ALTER TABLE relay_ban_terms ADD COLUMN was_member INTEGER;
