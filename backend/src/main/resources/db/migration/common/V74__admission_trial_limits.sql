-- Free trials cost a stranger nothing, so a relay's owner bounds how many start per day (issue 41): throw-away keys
-- must not fill the relay. 5 a day unless the owner sets another number (0: no trials start).
ALTER TABLE relay_admissions ADD COLUMN trials_per_day INTEGER NOT NULL DEFAULT 5;
