-- Service-level policies (issue 12): ordered, the first whose conditions hold wins
-- (src/domain/sla). Targets are working minutes on the policy's calendar; NULL sets none.
CREATE TABLE sla_policies (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    name_ru TEXT NOT NULL,
    name_be TEXT NOT NULL,
    name_en TEXT NOT NULL,
    calendar_id INTEGER NOT NULL REFERENCES calendars(id),
    -- NULL: any organisation; TRUE: with a contract; FALSE: without one (or none at all).
    contract INTEGER,
    first_response_minutes INTEGER CHECK (first_response_minutes > 0),
    next_response_minutes INTEGER CHECK (next_response_minutes > 0),
    resolution_minutes INTEGER CHECK (resolution_minutes > 0),
    warn_percent INTEGER NOT NULL DEFAULT 80 CHECK (warn_percent BETWEEN 1 AND 99),
    raise_priority_on_breach INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
);

-- No rows: any service. A section stands for its sub-services.
CREATE TABLE sla_policy_services (
    policy_id INTEGER NOT NULL REFERENCES sla_policies(id),
    service_id INTEGER NOT NULL REFERENCES services(id),
    PRIMARY KEY (policy_id, service_id)
);

-- No rows: any priority.
CREATE TABLE sla_policy_priorities (
    policy_id INTEGER NOT NULL REFERENCES sla_policies(id),
    priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    PRIMARY KEY (policy_id, priority)
);

-- The defaults of a fresh install, on the minsk calendar (a working day is 540 minutes).
INSERT INTO sla_policies (position, name_ru, name_be, name_en, calendar_id, first_response_minutes,
                          next_response_minutes, resolution_minutes, warn_percent, raise_priority_on_breach)
SELECT v.column1, v.column2, v.column3, v.column4, c.id, v.column5, v.column6, v.column7, v.column8, v.column9
FROM calendars c, (VALUES
    (10, 'Срочные', 'Тэрміновыя', 'Urgent', 30, 60, 240, 75, FALSE),
    (20, 'Высокий приоритет', 'Высокі прыярытэт', 'High priority', 60, 120, 1080, 80, TRUE),
    (30, 'Обычные', 'Звычайныя', 'Normal', 240, 480, 2700, 80, FALSE),
    (40, 'Все остальные', 'Усе астатнія', 'Everything else', 480, 960, 5400, 80, FALSE)
) AS v
WHERE c.code = 'minsk';
INSERT INTO sla_policy_priorities (policy_id, priority)
SELECT p.id, v.column2 FROM sla_policies p, (VALUES (10, 'urgent'), (20, 'high'), (30, 'normal')) AS v
WHERE p.position = v.column1;
