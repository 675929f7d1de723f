-- Personal API tokens live a chosen time (a year by default) and die with a password change or
-- reset; the reason of a revocation is kept so the cabinet can say why a token is gone.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
ALTER TABLE api_tokens ADD COLUMN revoked_reason TEXT;
UPDATE api_tokens SET expires_at = created_at + 365 * 86400;
UPDATE api_tokens SET revoked_reason = 'owner' WHERE revoked_at IS NOT NULL;
