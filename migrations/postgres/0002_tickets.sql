-- Support tickets (issue 4): staff groups, the service catalogue, tickets and their history.
CREATE TABLE staff_groups (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_ru TEXT NOT NULL,
    name_be TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE staff_group_members (
    group_id BIGINT NOT NULL REFERENCES staff_groups(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (group_id, user_id)
);

CREATE TABLE services (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    parent_id BIGINT REFERENCES services(id),
    name_ru TEXT NOT NULL,
    name_be TEXT NOT NULL,
    name_en TEXT NOT NULL,
    default_group_id BIGINT REFERENCES staff_groups(id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    position BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE ticket_counters (
    year BIGINT PRIMARY KEY,
    last BIGINT NOT NULL
);

CREATE TABLE tickets (
    id BIGSERIAL PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    requester_id BIGINT NOT NULL REFERENCES users(id),
    organization_id BIGINT REFERENCES organizations(id),
    service_id BIGINT NOT NULL REFERENCES services(id),
    subject TEXT NOT NULL,
    priority TEXT NOT NULL,
    priority_rank BIGINT NOT NULL,
    status TEXT NOT NULL,
    group_id BIGINT REFERENCES staff_groups(id),
    assignee_id BIGINT REFERENCES users(id),
    channel TEXT NOT NULL,
    contact_phone TEXT,
    linked_ticket_id BIGINT REFERENCES tickets(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    first_response_at BIGINT,
    resolved_at BIGINT,
    closed_at BIGINT,
    sla_due_at BIGINT,
    rating BIGINT,
    rating_comment TEXT
);
CREATE INDEX tickets_requester ON tickets(requester_id, updated_at DESC, id DESC);
CREATE INDEX tickets_organization ON tickets(organization_id, updated_at DESC, id DESC);
CREATE INDEX tickets_queue ON tickets(group_id, status, updated_at DESC, id DESC);
CREATE INDEX tickets_assignee ON tickets(assignee_id, status, updated_at DESC, id DESC);

CREATE TABLE ticket_messages (
    id BIGSERIAL PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    internal BOOLEAN NOT NULL DEFAULT FALSE,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages(ticket_id, id);

CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    message_id BIGINT NOT NULL REFERENCES ticket_messages(id),
    file_name TEXT NOT NULL,
    size BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    position BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX attachments_message ON attachments(message_id);

CREATE TABLE ticket_events (
    id BIGSERIAL PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets(id),
    actor_id BIGINT REFERENCES users(id),
    at BIGINT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);

CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash BYTEA NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

INSERT INTO staff_groups (code, name_ru, name_be, name_en) VALUES
    ('first_line', '1-я линия', '1-я лінія', 'First line'),
    ('ecp', 'ЭЦП', 'ЭЛП', 'Digital signatures'),
    ('epeu', 'ЕПЭУ', 'АПЭП', 'E-services portal'),
    ('smdo', 'СМДО', 'СМДА', 'Document exchange'),
    ('billing', 'Договоры и оплата', 'Дагаворы і аплата', 'Contracts and payment');

INSERT INTO services (code, parent_id, name_ru, name_be, name_en, default_group_id, position) VALUES
    ('ecp', NULL, 'ЭЦП и сертификаты ГосСУОК', 'ЭЛП і сертыфікаты ДзСКАК', 'Digital signatures and GosSUOK certificates', (SELECT id FROM staff_groups WHERE code = 'ecp'), 10),
    ('epeu', NULL, 'Единый портал электронных услуг (ЕПЭУ)', 'Адзіны партал электронных паслуг (АПЭП)', 'Unified e-services portal (EPEU)', (SELECT id FROM staff_groups WHERE code = 'epeu'), 20),
    ('smdo', NULL, 'Межведомственный документооборот (СМДО)', 'Міжведамасны дакументаабарот (СМДА)', 'Interagency document exchange (SMDO)', (SELECT id FROM staff_groups WHERE code = 'smdo'), 30),
    ('software', NULL, 'Установка ПО и криптопровайдера', 'Усталёўка ПЗ і крыптаправайдара', 'Software and crypto-provider installation', (SELECT id FROM staff_groups WHERE code = 'first_line'), 40),
    ('contracts', NULL, 'Договоры и оплата', 'Дагаворы і аплата', 'Contracts and payment', (SELECT id FROM staff_groups WHERE code = 'billing'), 50),
    ('other', NULL, 'Другое', 'Іншае', 'Other', (SELECT id FROM staff_groups WHERE code = 'first_line'), 60);

INSERT INTO services (code, parent_id, name_ru, name_be, name_en, default_group_id, position) VALUES
    ('ecp-issue', (SELECT id FROM services WHERE code = 'ecp'), 'Выпуск и продление сертификата', 'Выпуск і падаўжэнне сертыфіката', 'Issuing and renewing a certificate', (SELECT id FROM staff_groups WHERE code = 'ecp'), 11),
    ('ecp-revoke', (SELECT id FROM services WHERE code = 'ecp'), 'Отзыв и приостановка сертификата', 'Адкліканне і прыпыненне сертыфіката', 'Revoking or suspending a certificate', (SELECT id FROM staff_groups WHERE code = 'ecp'), 12),
    ('ecp-token', (SELECT id FROM services WHERE code = 'ecp'), 'Носители ключей (токены)', 'Носьбіты ключоў (токены)', 'Key media (tokens)', (SELECT id FROM staff_groups WHERE code = 'ecp'), 13),
    ('ecp-attribute', (SELECT id FROM services WHERE code = 'ecp'), 'Атрибутные сертификаты', 'Атрыбутныя сертыфікаты', 'Attribute certificates', (SELECT id FROM staff_groups WHERE code = 'ecp'), 14),
    ('epeu-login', (SELECT id FROM services WHERE code = 'epeu'), 'Вход и авторизация на портале', 'Уваход і аўтарызацыя на партале', 'Signing in to the portal', (SELECT id FROM staff_groups WHERE code = 'epeu'), 21),
    ('epeu-service', (SELECT id FROM services WHERE code = 'epeu'), 'Получение электронной услуги', 'Атрыманне электроннай паслугі', 'Using an e-service', (SELECT id FROM staff_groups WHERE code = 'epeu'), 22),
    ('epeu-payment', (SELECT id FROM services WHERE code = 'epeu'), 'Оплата услуг на портале', 'Аплата паслуг на партале', 'Paying on the portal', (SELECT id FROM staff_groups WHERE code = 'epeu'), 23),
    ('smdo-connect', (SELECT id FROM services WHERE code = 'smdo'), 'Подключение к СМДО', 'Падключэнне да СМДА', 'Connecting to SMDO', (SELECT id FROM staff_groups WHERE code = 'smdo'), 31),
    ('smdo-documents', (SELECT id FROM services WHERE code = 'smdo'), 'Отправка и получение документов', 'Адпраўка і атрыманне дакументаў', 'Sending and receiving documents', (SELECT id FROM staff_groups WHERE code = 'smdo'), 32),
    ('software-crypto', (SELECT id FROM services WHERE code = 'software'), 'Криптопровайдер и драйверы носителей', 'Крыптаправайдар і драйверы носьбітаў', 'Crypto-provider and token drivers', (SELECT id FROM staff_groups WHERE code = 'first_line'), 41),
    ('software-browser', (SELECT id FROM services WHERE code = 'software'), 'Плагины и настройка браузера', 'Плагіны і наладка браўзера', 'Browser plug-ins and settings', (SELECT id FROM staff_groups WHERE code = 'first_line'), 42),
    ('contracts-new', (SELECT id FROM services WHERE code = 'contracts'), 'Заключение договора', 'Заключэнне дагавора', 'Signing a contract', (SELECT id FROM staff_groups WHERE code = 'billing'), 51),
    ('contracts-invoice', (SELECT id FROM services WHERE code = 'contracts'), 'Счета и оплата', 'Рахункі і аплата', 'Invoices and payment', (SELECT id FROM staff_groups WHERE code = 'billing'), 52),
    ('other-question', (SELECT id FROM services WHERE code = 'other'), 'Другой вопрос', 'Іншае пытанне', 'Another question', (SELECT id FROM staff_groups WHERE code = 'first_line'), 61);
