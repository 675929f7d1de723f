-- Ticket lists at scale (issue 4): resolution deadlines, one index per sort order (all tickets, and
-- a small partial one for the open tickets that queues read), and full-text search.
UPDATE tickets SET sla_due_at = created_at + CASE priority
    WHEN 'urgent' THEN 4 * 3600 WHEN 'high' THEN 24 * 3600 WHEN 'low' THEN 120 * 3600 ELSE 72 * 3600 END
WHERE sla_due_at IS NULL;

CREATE INDEX tickets_updated ON tickets(updated_at DESC, id DESC);
CREATE INDEX tickets_created ON tickets(created_at DESC, id DESC);
CREATE INDEX tickets_priority ON tickets(priority_rank DESC, id);
CREATE INDEX tickets_sla ON tickets(sla_due_at, id);
CREATE INDEX tickets_status ON tickets(status, updated_at DESC, id DESC);

-- Queues are read through the open-ticket indexes below; per-group and per-assignee indexes
-- over all statuses would lead the planner into a group's whole history.
DROP INDEX tickets_queue;
DROP INDEX tickets_assignee;
CREATE INDEX tickets_assignee_open ON tickets(assignee_id, updated_at DESC, id DESC) WHERE status NOT IN ('resolved', 'closed');

CREATE INDEX tickets_open_updated ON tickets(updated_at DESC, id DESC) WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_open_created ON tickets(created_at DESC, id DESC) WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_open_priority ON tickets(priority_rank DESC, id) WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_open_sla ON tickets(sla_due_at, id) WHERE status NOT IN ('resolved', 'closed');

-- Russian stemming; searches are prefix words, so «сертификата» finds «сертификат».
CREATE INDEX ticket_messages_search ON ticket_messages USING gin (to_tsvector('russian', body));
CREATE INDEX tickets_subject_search ON tickets USING gin (to_tsvector('russian', subject));
