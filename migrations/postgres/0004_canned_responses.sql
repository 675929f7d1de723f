-- Canned responses (issue 4): an operator's own, or shared with everyone (owner_id NULL).
CREATE TABLE canned_responses (
    id BIGSERIAL PRIMARY KEY,
    owner_id BIGINT REFERENCES users(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX canned_responses_owner ON canned_responses(owner_id, title);
