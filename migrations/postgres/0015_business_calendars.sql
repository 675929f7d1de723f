-- Business calendars for SLA (issue 12): working hours per weekday, Belarus public holidays
-- (computed in code, src/domain/calendar), and dated exceptions kept by the administrator.
CREATE TABLE calendars (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_ru TEXT NOT NULL,
    name_be TEXT NOT NULL,
    name_en TEXT NOT NULL,
    -- Minutes east of UTC; Europe/Minsk is +180 all year.
    utc_offset_minutes INTEGER NOT NULL,
    time_zone TEXT NOT NULL,
    public_holidays BOOLEAN NOT NULL
);

-- weekday: 1 Monday … 7 Sunday; minutes from midnight, end up to 48:00 for a night shift.
CREATE TABLE calendar_hours (
    calendar_id BIGINT NOT NULL REFERENCES calendars(id),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_minute INTEGER NOT NULL CHECK (start_minute >= 0 AND start_minute < 1440),
    end_minute INTEGER NOT NULL CHECK (end_minute > start_minute AND end_minute <= start_minute + 1440),
    PRIMARY KEY (calendar_id, weekday, start_minute)
);

-- rule: off | working (with the hours of like_weekday) | shortened (by minutes).
CREATE TABLE calendar_exceptions (
    calendar_id BIGINT NOT NULL REFERENCES calendars(id),
    day TEXT NOT NULL,
    rule TEXT NOT NULL CHECK (rule IN ('off', 'working', 'shortened')),
    like_weekday INTEGER CHECK (like_weekday BETWEEN 1 AND 7),
    minutes INTEGER CHECK (minutes > 0 AND minutes < 1440),
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (calendar_id, day)
);

INSERT INTO calendars (code, name_ru, name_be, name_en, utc_offset_minutes, time_zone, public_holidays)
VALUES ('minsk', 'Минск, пятидневка 9:00–18:00', 'Мінск, пяцідзёнка 9:00–18:00', 'Minsk, Monday to Friday 9:00–18:00',
        180, 'Europe/Minsk', TRUE),
       ('24x7', 'Круглосуточно', 'Кругласутачна', 'Around the clock', 180, 'Europe/Minsk', FALSE);

INSERT INTO calendar_hours (calendar_id, weekday, start_minute, end_minute)
SELECT c.id, d.n, 540, 1080 FROM calendars c, (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) d
WHERE c.code = 'minsk';
INSERT INTO calendar_hours (calendar_id, weekday, start_minute, end_minute)
SELECT c.id, d.n, 0, 1440 FROM calendars c, (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7) d
WHERE c.code = '24x7';

-- The Council of Ministers' transfer for 2026: Monday 20 April off, Saturday 25 April worked.
INSERT INTO calendar_exceptions (calendar_id, day, rule, like_weekday, minutes, note)
SELECT id, '2026-04-20', 'off', NULL, NULL, 'Перенос: отработка 25 апреля' FROM calendars WHERE code = 'minsk';
INSERT INTO calendar_exceptions (calendar_id, day, rule, like_weekday, minutes, note)
SELECT id, '2026-04-25', 'working', 1, NULL, 'Рабочая суббота за 20 апреля' FROM calendars WHERE code = 'minsk';
