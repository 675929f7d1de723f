-- Live queues across instances are PostgreSQL's LISTEN/NOTIFY (its 0023); an SQLite portal is
-- one instance, whose queues its own changes wake.
SELECT 1;
