-- Service levels per ticket (issue 12): three clocks — first response (fr_), next response
-- after a customer's message (nr_), resolution (rs_) — each with its target in working minutes
-- (NULL: none), the working seconds counted, its phase (0 idle, 1 running since `_at`,
-- 2 paused, 3 met at `_at`), the announcements made in its run (0 none, 1 warned, 2 breached)
-- and how many runs it had. See src/domain/sla/ticket.rs.
CREATE TABLE ticket_sla (
    ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id),
    policy_id BIGINT REFERENCES sla_policies(id),
    calendar_id BIGINT NOT NULL REFERENCES calendars(id),
    warn_percent INTEGER NOT NULL,
    raise_priority_on_breach BOOLEAN NOT NULL,
    fr_target INTEGER, fr_counted BIGINT NOT NULL, fr_phase INTEGER NOT NULL, fr_at BIGINT,
    fr_level INTEGER NOT NULL, fr_cycle INTEGER NOT NULL,
    nr_target INTEGER, nr_counted BIGINT NOT NULL, nr_phase INTEGER NOT NULL, nr_at BIGINT,
    nr_level INTEGER NOT NULL, nr_cycle INTEGER NOT NULL,
    rs_target INTEGER, rs_counted BIGINT NOT NULL, rs_phase INTEGER NOT NULL, rs_at BIGINT,
    rs_level INTEGER NOT NULL, rs_cycle INTEGER NOT NULL,
    -- When the escalation sweeper looks at the ticket next; NULL: nothing can become owed.
    next_escalation_at BIGINT
);
CREATE INDEX ticket_sla_escalation ON ticket_sla(next_escalation_at) WHERE next_escalation_at IS NOT NULL;

-- What the queues show and sort by, kept beside the ticket: the nearest due instant
-- (sla_due_at, 253402300799 when nothing is due), the nearest warning instant, the working
-- seconds left while paused, and the calendar they are counted on.
ALTER TABLE tickets ADD COLUMN sla_warn_at BIGINT;
ALTER TABLE tickets ADD COLUMN sla_paused_left BIGINT;
ALTER TABLE tickets ADD COLUMN sla_calendar_id BIGINT REFERENCES calendars(id);
CREATE INDEX tickets_open_sla_warn ON tickets(sla_warn_at, id) WHERE status NOT IN ('resolved', 'closed');
