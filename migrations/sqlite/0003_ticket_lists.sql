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

-- Contentless: the text lives in ticket_messages only. A ticket's subject is indexed with its
-- first message. detail=none keeps the index small; searches are prefix words, never phrases.
CREATE VIRTUAL TABLE ticket_search USING fts5(
    subject, body, content='', contentless_delete=1, detail=none, tokenize='unicode61 remove_diacritics 2'
);

CREATE TRIGGER ticket_messages_search AFTER INSERT ON ticket_messages BEGIN
    INSERT INTO ticket_search (rowid, subject, body) VALUES (
        new.id,
        CASE WHEN EXISTS (SELECT 1 FROM ticket_messages p WHERE p.ticket_id = new.ticket_id AND p.id < new.id)
             THEN '' ELSE (SELECT subject FROM tickets WHERE id = new.ticket_id) END,
        new.body);
END;

INSERT INTO ticket_search (rowid, subject, body)
SELECT m.id,
       CASE WHEN m.id = (SELECT min(p.id) FROM ticket_messages p WHERE p.ticket_id = m.ticket_id)
            THEN t.subject ELSE '' END,
       m.body
FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id;
