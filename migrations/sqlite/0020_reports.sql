-- Reports (issue 12). Each ticket contributes to daily cells (day in Minsk, service, group)
-- what its current state says — filed that day, first answered that day after so much working
-- time, resolved that day, rated — see src/domain/report/facts.rs. Durations are counts per
-- bucket (fr_N first response, rs_N resolution; src/domain/report/histogram.rs), so medians
-- and percentiles of any selection come from sums. Group 0 is no group.
CREATE TABLE report_cells (
    day INTEGER NOT NULL,
    service_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    created INTEGER NOT NULL DEFAULT 0,
    responses_targeted INTEGER NOT NULL DEFAULT 0,
    responses_met INTEGER NOT NULL DEFAULT 0,
    resolved INTEGER NOT NULL DEFAULT 0,
    resolutions_targeted INTEGER NOT NULL DEFAULT 0,
    resolutions_met INTEGER NOT NULL DEFAULT 0,
    rated INTEGER NOT NULL DEFAULT 0,
    rating_sum INTEGER NOT NULL DEFAULT 0,
    rating_1 INTEGER NOT NULL DEFAULT 0,
    rating_2 INTEGER NOT NULL DEFAULT 0,
    rating_3 INTEGER NOT NULL DEFAULT 0,
    rating_4 INTEGER NOT NULL DEFAULT 0,
    rating_5 INTEGER NOT NULL DEFAULT 0,
    fr_0 INTEGER NOT NULL DEFAULT 0,
    fr_1 INTEGER NOT NULL DEFAULT 0,
    fr_2 INTEGER NOT NULL DEFAULT 0,
    fr_3 INTEGER NOT NULL DEFAULT 0,
    fr_4 INTEGER NOT NULL DEFAULT 0,
    fr_5 INTEGER NOT NULL DEFAULT 0,
    fr_6 INTEGER NOT NULL DEFAULT 0,
    fr_7 INTEGER NOT NULL DEFAULT 0,
    fr_8 INTEGER NOT NULL DEFAULT 0,
    fr_9 INTEGER NOT NULL DEFAULT 0,
    fr_10 INTEGER NOT NULL DEFAULT 0,
    fr_11 INTEGER NOT NULL DEFAULT 0,
    fr_12 INTEGER NOT NULL DEFAULT 0,
    fr_13 INTEGER NOT NULL DEFAULT 0,
    fr_14 INTEGER NOT NULL DEFAULT 0,
    fr_15 INTEGER NOT NULL DEFAULT 0,
    fr_16 INTEGER NOT NULL DEFAULT 0,
    fr_17 INTEGER NOT NULL DEFAULT 0,
    fr_18 INTEGER NOT NULL DEFAULT 0,
    fr_19 INTEGER NOT NULL DEFAULT 0,
    fr_20 INTEGER NOT NULL DEFAULT 0,
    fr_21 INTEGER NOT NULL DEFAULT 0,
    fr_22 INTEGER NOT NULL DEFAULT 0,
    fr_23 INTEGER NOT NULL DEFAULT 0,
    fr_24 INTEGER NOT NULL DEFAULT 0,
    fr_25 INTEGER NOT NULL DEFAULT 0,
    fr_26 INTEGER NOT NULL DEFAULT 0,
    fr_27 INTEGER NOT NULL DEFAULT 0,
    fr_28 INTEGER NOT NULL DEFAULT 0,
    fr_29 INTEGER NOT NULL DEFAULT 0,
    fr_30 INTEGER NOT NULL DEFAULT 0,
    fr_31 INTEGER NOT NULL DEFAULT 0,
    fr_32 INTEGER NOT NULL DEFAULT 0,
    fr_33 INTEGER NOT NULL DEFAULT 0,
    rs_0 INTEGER NOT NULL DEFAULT 0,
    rs_1 INTEGER NOT NULL DEFAULT 0,
    rs_2 INTEGER NOT NULL DEFAULT 0,
    rs_3 INTEGER NOT NULL DEFAULT 0,
    rs_4 INTEGER NOT NULL DEFAULT 0,
    rs_5 INTEGER NOT NULL DEFAULT 0,
    rs_6 INTEGER NOT NULL DEFAULT 0,
    rs_7 INTEGER NOT NULL DEFAULT 0,
    rs_8 INTEGER NOT NULL DEFAULT 0,
    rs_9 INTEGER NOT NULL DEFAULT 0,
    rs_10 INTEGER NOT NULL DEFAULT 0,
    rs_11 INTEGER NOT NULL DEFAULT 0,
    rs_12 INTEGER NOT NULL DEFAULT 0,
    rs_13 INTEGER NOT NULL DEFAULT 0,
    rs_14 INTEGER NOT NULL DEFAULT 0,
    rs_15 INTEGER NOT NULL DEFAULT 0,
    rs_16 INTEGER NOT NULL DEFAULT 0,
    rs_17 INTEGER NOT NULL DEFAULT 0,
    rs_18 INTEGER NOT NULL DEFAULT 0,
    rs_19 INTEGER NOT NULL DEFAULT 0,
    rs_20 INTEGER NOT NULL DEFAULT 0,
    rs_21 INTEGER NOT NULL DEFAULT 0,
    rs_22 INTEGER NOT NULL DEFAULT 0,
    rs_23 INTEGER NOT NULL DEFAULT 0,
    rs_24 INTEGER NOT NULL DEFAULT 0,
    rs_25 INTEGER NOT NULL DEFAULT 0,
    rs_26 INTEGER NOT NULL DEFAULT 0,
    rs_27 INTEGER NOT NULL DEFAULT 0,
    rs_28 INTEGER NOT NULL DEFAULT 0,
    rs_29 INTEGER NOT NULL DEFAULT 0,
    rs_30 INTEGER NOT NULL DEFAULT 0,
    rs_31 INTEGER NOT NULL DEFAULT 0,
    rs_32 INTEGER NOT NULL DEFAULT 0,
    rs_33 INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, service_id, group_id)
) WITHOUT ROWID;

-- Tickets filed by organisations, per day (for the edges of a period) and per month (for the
-- whole months inside it; a month is year * 12 + month - 1).
CREATE TABLE report_org_days (
    day INTEGER NOT NULL,
    organization_id INTEGER NOT NULL,
    service_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    created INTEGER NOT NULL,
    PRIMARY KEY (day, organization_id, service_id, group_id)
) WITHOUT ROWID;
CREATE TABLE report_org_months (
    month INTEGER NOT NULL,
    organization_id INTEGER NOT NULL,
    service_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    created INTEGER NOT NULL,
    PRIMARY KEY (organization_id, month, service_id, group_id)
) WITHOUT ROWID;

-- What each ticket contributes now: taken away when it changes. Days are Minsk days since
-- 1970-01-01; seconds are working seconds; targets are seconds.
CREATE TABLE report_tickets (
    ticket_id INTEGER PRIMARY KEY,
    created_day INTEGER NOT NULL,
    service_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    organization_id INTEGER,
    fr_day INTEGER,
    fr_seconds INTEGER,
    fr_target INTEGER,
    resolved_day INTEGER,
    rs_seconds INTEGER,
    rs_target INTEGER,
    rating INTEGER
);

-- Tickets whose contribution is not yet written to the cells: marked by the triggers below in
-- the transaction that changes them, folded in by one instance at a time (src/app/reports.rs),
-- and counted from the tickets themselves by every report until then. The version tells the
-- folder whether the ticket changed again while it worked.
CREATE TABLE report_pending (
    ticket_id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
);

-- What staff did, counted as they do it (src/store/reports.rs): tickets assigned to them,
-- public replies, resolutions; under the ticket's service and group at that moment.
CREATE TABLE staff_daily (
    day INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    service_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    assigned INTEGER NOT NULL DEFAULT 0,
    replied INTEGER NOT NULL DEFAULT 0,
    resolved INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, user_id, service_id, group_id)
) WITHOUT ROWID;

CREATE TRIGGER tickets_report_new AFTER INSERT ON tickets BEGIN
    INSERT INTO report_pending (ticket_id, version) VALUES (NEW.id, 1) ON CONFLICT (ticket_id) DO UPDATE SET version = report_pending.version + 1;
END;
CREATE TRIGGER tickets_report_changed AFTER UPDATE OF created_at, service_id, group_id, organization_id, status, resolved_at, rating ON tickets
WHEN NEW.created_at IS NOT OLD.created_at OR NEW.service_id IS NOT OLD.service_id OR NEW.group_id IS NOT OLD.group_id OR NEW.organization_id IS NOT OLD.organization_id OR NEW.status IS NOT OLD.status OR NEW.resolved_at IS NOT OLD.resolved_at OR NEW.rating IS NOT OLD.rating BEGIN
    INSERT INTO report_pending (ticket_id, version) VALUES (NEW.id, 1) ON CONFLICT (ticket_id) DO UPDATE SET version = report_pending.version + 1;
END;
CREATE TRIGGER ticket_sla_report_new AFTER INSERT ON ticket_sla BEGIN
    INSERT INTO report_pending (ticket_id, version) VALUES (NEW.ticket_id, 1) ON CONFLICT (ticket_id) DO UPDATE SET version = report_pending.version + 1;
END;
CREATE TRIGGER ticket_sla_report_changed AFTER UPDATE OF fr_phase, fr_at, fr_counted, fr_target, rs_phase, rs_at, rs_counted, rs_target ON ticket_sla
WHEN NEW.fr_phase IS NOT OLD.fr_phase OR NEW.fr_at IS NOT OLD.fr_at OR NEW.fr_counted IS NOT OLD.fr_counted OR NEW.fr_target IS NOT OLD.fr_target OR NEW.rs_phase IS NOT OLD.rs_phase OR NEW.rs_at IS NOT OLD.rs_at OR NEW.rs_counted IS NOT OLD.rs_counted OR NEW.rs_target IS NOT OLD.rs_target BEGIN
    INSERT INTO report_pending (ticket_id, version) VALUES (NEW.ticket_id, 1) ON CONFLICT (ticket_id) DO UPDATE SET version = report_pending.version + 1;
END;

-- Every ticket there is goes through the folder once.
INSERT INTO report_pending (ticket_id, version) SELECT id, 1 FROM tickets;
