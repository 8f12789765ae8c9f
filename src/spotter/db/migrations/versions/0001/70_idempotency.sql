-- Idempotency (DESIGN.md addition): Idempotency-Key on POST, one stored
-- response per user and key.
--   table     idempotency_keys
--   indexes   idx_idempotency_keys_user_key (unique), _expires
--   access    spotter_app reads and writes its own keys

CREATE TABLE idempotency_keys (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key VARCHAR(255) NOT NULL,
  request_method VARCHAR(10) NOT NULL,
  request_path TEXT NOT NULL,
  request_hash VARCHAR(64) NOT NULL,
  status VARCHAR(20) NOT NULL DEFAULT 'in_flight' CHECK (status IN ('in_flight', 'completed')),
  response_status INTEGER,
  response_headers JSONB,
  response_body BYTEA,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  expires_at TIMESTAMPTZ NOT NULL DEFAULT NOW() + INTERVAL '24 hours'
);
CREATE UNIQUE INDEX idx_idempotency_keys_user_key ON idempotency_keys(user_id, key);
CREATE INDEX idx_idempotency_keys_expires ON idempotency_keys(expires_at);

SELECT pg_temp.open_to_app('idempotency_keys', 'SELECT, INSERT, UPDATE, DELETE');
CREATE POLICY idempotency_keys_own ON idempotency_keys FOR ALL TO spotter_app
  USING (user_id = current_user_id()) WITH CHECK (user_id = current_user_id());
