-- PostgreSQL learns which services and groups go together (see its 0009); SQLite's planner
-- is told through the query shapes in store::listing instead.
SELECT 1;
