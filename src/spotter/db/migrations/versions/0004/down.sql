-- Undo 0004/up.sql (released "in flight" markers are not brought back).
UPDATE idempotency_keys SET expires_at = created_at + INTERVAL '24 hours'
 WHERE expires_at > created_at + INTERVAL '24 hours';
ALTER TABLE idempotency_keys ALTER COLUMN expires_at SET DEFAULT NOW() + INTERVAL '24 hours';
ALTER TABLE idempotency_keys ALTER COLUMN status SET DEFAULT 'in_flight';
DROP TRIGGER announce_account_changed ON users;
DROP TRIGGER announce_session_deleted ON user_sessions;
DROP TRIGGER announce_session_revoked ON user_sessions;
DROP FUNCTION announce_session_change();
DROP FUNCTION authenticate_request(uuid, uuid);
