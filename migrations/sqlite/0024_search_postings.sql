-- PostgreSQL's search index becomes postings keyed by ticket (its 0024); SQLite's FTS5 rows
-- are keyed by ticket since version 6.
SELECT 1;
