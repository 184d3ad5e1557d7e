-- The role its caller had on the relay when a restore started (owner, admin, moderator): a restore resumed after a
-- crash applies the backup with that role again, never as the owner on a team member's behalf.
ALTER TABLE relay_restores ADD COLUMN actor_role TEXT NOT NULL DEFAULT 'owner';
