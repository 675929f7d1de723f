-- Live queues across instances: every statement that files or changes tickets tells the other
-- instances, with the ids of the tickets in the payload (NOTIFY is sent at commit, so only what
-- was committed is told). Each instance LISTENs and wakes its queue streams, which read the
-- changes again with each operator's permissions and filters. A statement that changes too many
-- tickets for one payload (8000 bytes) sends an empty one: look at everything.
CREATE FUNCTION helpdesk_tell_ticket_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids TEXT;
BEGIN
    SELECT string_agg(id::text, ',') INTO ids FROM (SELECT id FROM changed_tickets LIMIT 500) few;
    IF ids IS NOT NULL THEN
        IF (SELECT COUNT(*) FROM changed_tickets) > 500 THEN
            ids := '';
        END IF;
        PERFORM pg_notify('helpdesk_tickets', ids);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tickets_told_on_insert AFTER INSERT ON tickets
    REFERENCING NEW TABLE AS changed_tickets FOR EACH STATEMENT EXECUTE FUNCTION helpdesk_tell_ticket_changes();
CREATE TRIGGER tickets_told_on_update AFTER UPDATE ON tickets
    REFERENCING NEW TABLE AS changed_tickets FOR EACH STATEMENT EXECUTE FUNCTION helpdesk_tell_ticket_changes();
