-- The operator's workspace (issue 11): a reply being written is kept on the server per ticket
-- and staff member, so it survives a reload or a move to another device; and who has a ticket
-- open (and is writing) is recorded with a heartbeat, so every instance can show it.
CREATE TABLE reply_drafts (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, user_id)
);

CREATE TABLE ticket_presence (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    writing INTEGER NOT NULL,
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, user_id)
);

-- A duplicate merged into another ticket of the same customer points at it.
ALTER TABLE tickets ADD COLUMN merged_into_id INTEGER REFERENCES tickets(id);
-- The duplicates merged into a ticket, found without reading every ticket.
CREATE INDEX tickets_merged ON tickets(merged_into_id) WHERE merged_into_id IS NOT NULL;
-- Staff among all the customers: the assignee choices read them by role.
CREATE INDEX users_role ON users(role, status);
