-- Services route to their default groups, so service and group are far from independent: with
-- per-column statistics alone PostgreSQL expected tens of thousands of «ЭЦП» tickets in the
-- СМДО group where there are none, and scanned the whole table looking for them. The
-- combinations' own statistics let it use the (service, group) index.
CREATE STATISTICS IF NOT EXISTS tickets_service_group_combinations (mcv, dependencies) ON service_id, group_id FROM tickets;
ANALYZE tickets;
