-- Codes and passwords go before notices (priority 0 before 1), and a worker's lease names it,
-- so it can keep the lease alive while a slow gateway takes its time.
ALTER TABLE outbox ADD COLUMN priority BIGINT NOT NULL DEFAULT 1;
ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
UPDATE outbox SET priority = 0
 WHERE purpose IN ('registration_code', 'password_reset_code', 'password', 'already_registered');
CREATE INDEX outbox_pending ON outbox(priority, id) WHERE status = 'pending';
