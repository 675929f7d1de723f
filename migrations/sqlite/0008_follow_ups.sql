-- A reply to a closed ticket opens a new one linked to it (DESIGN §5.4); both ticket pages show
-- the link, so the follow-ups of a ticket are looked up by this index. Few tickets have one.
CREATE INDEX tickets_follow_ups ON tickets(linked_ticket_id) WHERE linked_ticket_id IS NOT NULL;
