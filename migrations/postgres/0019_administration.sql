-- Administration in the browser (issue 12).
-- A group with tickets is archived, never deleted: it leaves the choices and stays in history.
ALTER TABLE staff_groups ADD COLUMN archived_at BIGINT;

-- A registry file uploaded for its preview, until the administrator imports it (or leaves it):
-- kept in the database, so that the confirming request may reach another instance.
CREATE TABLE registry_uploads (
    id TEXT PRIMARY KEY,
    uploaded_by BIGINT NOT NULL REFERENCES users(id),
    file_name TEXT NOT NULL,
    content BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);

-- Why a representation was rejected or revoked, told to the person.
ALTER TABLE representations ADD COLUMN reason TEXT;
CREATE INDEX representations_pending ON representations(requested_at) WHERE status = 'pending';

-- Texts of notices edited by an administrator; a notice without a row here is sent in the
-- words of locales/*.ftl. Placeholders are {name}, checked when saved (src/domain/template.rs).
CREATE TABLE notice_templates (
    notice TEXT NOT NULL,
    lang TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    PRIMARY KEY (notice, lang, channel)
);

-- The audit viewer reads by period, newest first, and by event.
CREATE INDEX audit_log_at ON audit_log(at, id);
CREATE INDEX audit_log_event ON audit_log(event, at);

-- What an entry is about ("staff:12", "service:ecp-token", "organization:100582333"), for the
-- viewer's filter; the actor is `user_id`.
ALTER TABLE audit_log ADD COLUMN object TEXT;
CREATE INDEX audit_log_object ON audit_log(object, at);

-- A service may name the service-level policy its tickets follow (its sub-services inherit it);
-- without one, the first matching policy by position applies.
ALTER TABLE services ADD COLUMN sla_policy_id BIGINT REFERENCES sla_policies(id);

-- The newest publication a person's consents cover: a document published later is accepted at
-- the next sign-in (src/app/admin/documents.rs).
ALTER TABLE users ADD COLUMN documents_accepted_at BIGINT NOT NULL DEFAULT 0;
UPDATE users SET documents_accepted_at = (
    SELECT COALESCE(MAX(d.published_at), 0) FROM consents c
    JOIN consent_documents d ON d.kind = c.kind AND d.version = c.version
    WHERE c.user_id = users.id AND c.withdrawn_at IS NULL);
