-- Times are Unix seconds (UTC). Booleans are BOOLEAN.
CREATE TABLE app_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    phone TEXT UNIQUE,
    username TEXT UNIQUE,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    middle_name TEXT,
    email TEXT,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL,
    CHECK (phone IS NOT NULL OR username IS NOT NULL)
);

CREATE TABLE organizations (
    id BIGSERIAL PRIMARY KEY,
    unp TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    short_name TEXT,
    address TEXT NOT NULL,
    contract_number TEXT,
    contract_date TEXT,
    source TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE representations (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    status TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member',
    position TEXT,
    requested_at BIGINT NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at BIGINT,
    UNIQUE (user_id, organization_id)
);
CREATE INDEX representations_org ON representations(organization_id);

-- An unfinished phone confirmation: a registration or a password reset.
CREATE TABLE verifications (
    id TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    phone TEXT NOT NULL,
    payload TEXT NOT NULL,
    code_hash BYTEA,
    expires_at BIGINT NOT NULL,
    wrong_attempts BIGINT NOT NULL DEFAULT 0,
    sends BIGINT NOT NULL DEFAULT 1,
    last_sent_at BIGINT NOT NULL,
    state TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    ip TEXT,
    user_agent TEXT,
    created_at BIGINT NOT NULL,
    completed_at BIGINT
);
CREATE INDEX verifications_created ON verifications(created_at);

CREATE TABLE consent_documents (
    kind TEXT NOT NULL,
    version BIGINT NOT NULL,
    published_at BIGINT NOT NULL,
    PRIMARY KEY (kind, version)
);

CREATE TABLE consent_texts (
    kind TEXT NOT NULL,
    version BIGINT NOT NULL,
    lang TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (kind, version, lang),
    FOREIGN KEY (kind, version) REFERENCES consent_documents(kind, version)
);

CREATE TABLE consents (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    version BIGINT NOT NULL,
    given_at BIGINT NOT NULL,
    ip TEXT,
    user_agent TEXT,
    withdrawn_at BIGINT,
    FOREIGN KEY (kind, version) REFERENCES consent_documents(kind, version)
);
CREATE INDEX consents_user ON consents(user_id);

CREATE TABLE sessions (
    id BIGSERIAL PRIMARY KEY,
    token_hash BYTEA NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    ip TEXT,
    user_agent TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_throttle (
    login_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    locked_until BIGINT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE rate_counters (
    key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    count BIGINT NOT NULL
);

CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    purpose TEXT NOT NULL,
    body TEXT,
    masked_body TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    event TEXT NOT NULL,
    user_id BIGINT,
    ip TEXT,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_user ON audit_log(user_id, at);
