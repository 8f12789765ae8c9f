-- Undo 0002/up.sql.
DROP TABLE IF EXISTS account_tokens;
DROP FUNCTION IF EXISTS auth_use_token(text, text, text);
ALTER TABLE users DROP COLUMN IF EXISTS email_verified_at;
