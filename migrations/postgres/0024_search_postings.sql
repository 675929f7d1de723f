-- Search keyed by ticket (issue 13, see store/postings.rs): the GIN indexes answered with message
-- rows, each of which had to be read to learn its ticket. Postings of each distinct stem a
-- ticket's text holds, folded by a cluster-once job into chunk rows of 4 096 ticket ids.
-- Filled from the stored texts by the migration itself (stems are computed in Rust).
CREATE TABLE search_postings (
    term TEXT NOT NULL,
    internal BOOLEAN NOT NULL,
    ticket_id BIGINT NOT NULL,
    PRIMARY KEY (term, internal, ticket_id)
);

CREATE TABLE search_chunks (
    term TEXT NOT NULL,
    internal BOOLEAN NOT NULL,
    chunk INTEGER NOT NULL,
    -- Ascending little-endian 2-byte offsets, or a 512-byte bitmap past 255 tickets.
    tickets BYTEA NOT NULL,
    PRIMARY KEY (term, internal, chunk)
);

DROP INDEX ticket_messages_search;
DROP INDEX tickets_subject_search;

-- A search's matches are tested while the list walks its order; with the group in the index an
-- operator's walk reads no ticket rows until the page is found.
DROP INDEX tickets_updated;
CREATE INDEX tickets_updated ON tickets(updated_at DESC, id DESC) INCLUDE (group_id);
