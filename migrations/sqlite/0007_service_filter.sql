-- A staff list filtered by a service that the operator's groups hold few tickets of fetches
-- those through this index (store::listing) instead of walking the whole archive in list order.
CREATE INDEX tickets_service_group ON tickets(service_id, group_id);
