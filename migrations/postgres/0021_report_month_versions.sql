-- Each month's version: the report folder adds one whenever it changes a cell or an
-- organisation's day of that month, in the same transaction, so that a reader may keep a month it
-- has read for as long as the version stays (a month without a row is version 0).
CREATE TABLE report_month_versions (
    month BIGINT PRIMARY KEY,
    version BIGINT NOT NULL
);

-- The open tickets by age, read whole by every report: from this index alone.
CREATE INDEX tickets_open_filed ON tickets (created_at, service_id, group_id, organization_id)
    WHERE status NOT IN ('resolved', 'closed');
