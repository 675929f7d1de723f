-- PostgreSQL's searches walk each group's tickets (its 0025); SQLite answers from FTS5.
SELECT 1;
