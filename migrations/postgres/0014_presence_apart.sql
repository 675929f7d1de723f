-- PostgreSQL keeps ticket_presence in the main database, shared by all instances
-- (SQLite moved it to a file of its own in this version).
SELECT 1;
