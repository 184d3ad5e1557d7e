-- The job claim checks "no other job with this dedupe key is running" for every candidate; without this index
-- that is a scan of the whole jobs table per candidate.
CREATE INDEX jobs_dedupe_status ON jobs(dedupe_key, status);
