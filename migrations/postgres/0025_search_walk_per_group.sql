-- An operator's search walks the tickets of each of their groups in list order (issue 13):
-- through tickets_updated it passed every group's tickets to find its own, each recently
-- changed one a visit to the table (its page not yet all-visible), ~9 ms for a page.
CREATE INDEX tickets_group_updated ON tickets(group_id, updated_at DESC, id DESC);
CREATE INDEX tickets_group_created ON tickets(group_id, created_at DESC, id DESC);
