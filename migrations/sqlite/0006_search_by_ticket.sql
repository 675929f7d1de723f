-- Full-text rows keyed by ticket, holding stems (issue 4, search at a million tickets).
--
-- rowid = ticket_id << 24 | message sequence within the ticket << 1 | internal: the index
-- answers with ticket ids directly and a rowid range asks about one ticket. The text is the
-- stemmed form made in Rust (src/domain/search_text.rs), so the application writes the rows
-- (src/store/search.rs) and, right after this script, refills the index from the messages.
DROP TRIGGER ticket_messages_search;
DROP TABLE ticket_search;

CREATE VIRTUAL TABLE ticket_search USING fts5(
    subject, body, content='', contentless_delete=1, detail=none, tokenize='unicode61 remove_diacritics 2'
);
