-- Whole months of organisations are kept by each instance's month cache (read from
-- report_org_days at the month's version), so nothing reads these sums; the folder stops
-- writing them.
DROP TABLE report_org_months;
