-- Staff's second factor (issue 12): a TOTP secret per person, sealed with the application key
-- (src/app/crypto.rs) so that a copy of the database alone does not give codes; the last step
-- accepted, so no code is accepted twice; ten single-use recovery codes stored as MACs.
CREATE TABLE staff_second_factors (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    sealed_secret BLOB NOT NULL,
    nonce BLOB NOT NULL,
    -- NULL while the person has not yet typed a first code from their app.
    confirmed_at INTEGER,
    last_step INTEGER,
    created_at INTEGER NOT NULL
);

CREATE TABLE staff_recovery_codes (
    user_id INTEGER NOT NULL REFERENCES users(id),
    code_mac BLOB NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (user_id, code_mac)
);

-- A password accepted, the second step pending: a code (`code`) or an enrolment (`enrol`).
CREATE TABLE login_challenges (
    token_hash BLOB PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    purpose TEXT NOT NULL CHECK (purpose IN ('code', 'enrol')),
    login_key TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX login_challenges_expiry ON login_challenges(expires_at);
