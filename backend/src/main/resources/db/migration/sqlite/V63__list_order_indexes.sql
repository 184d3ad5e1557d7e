-- PostgreSQL's V63 adds indexes in the admin lists' mixed order (newest first, ties by key ascending), which SQLite
-- serves from its existing indexes (it walks created_at and sorts only the ties). This step keeps the two histories'
-- version numbers alike.
SELECT 1;
