-- Canned responses (issue 4): an operator's own, or shared with everyone (owner_id NULL).
CREATE TABLE canned_responses (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER REFERENCES users(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX canned_responses_owner ON canned_responses(owner_id, title);
