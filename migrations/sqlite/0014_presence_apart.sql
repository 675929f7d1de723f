-- Who has a ticket open now lives in presence.db next to the database (src/store/presence.rs):
-- a beat written here made every other connection drop its page cache.
DROP TABLE IF EXISTS ticket_presence;
