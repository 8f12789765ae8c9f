-- Audit (seed table 10): the audit trail, partitioned by month of
-- created_at.
--   table     audit_logs (PARTITION BY RANGE (created_at)) and
--             audit_logs_default; monthly partitions come from
--             ensure_partitions() (85_partitions.sql)
--   indexes   the seed's idx_audit_logs_*; by subject
--             (idx_audit_logs_subject)
--   access    append-only for spotter_app: it reads the rows about itself
--             or its active trainees, and inserts its own (or anonymous)

CREATE TABLE audit_logs (
  id UUID NOT NULL DEFAULT gen_random_uuid(),
  user_id UUID REFERENCES users(id) ON DELETE SET NULL,
  user_email VARCHAR(255),
  action VARCHAR(100) NOT NULL,
  resource_type VARCHAR(50) NOT NULL,
  resource_id UUID,
  -- The trainee (or user) whose data the row is about: who may read it.
  subject_user_id UUID,
  old_values JSONB,
  new_values JSONB,
  ip_address INET,
  user_agent TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX idx_audit_logs_user ON audit_logs(user_id);
CREATE INDEX idx_audit_logs_action ON audit_logs(action);
CREATE INDEX idx_audit_logs_resource ON audit_logs(resource_type, resource_id);
CREATE INDEX idx_audit_logs_created ON audit_logs(created_at DESC);
CREATE INDEX idx_audit_logs_subject ON audit_logs(subject_user_id, created_at DESC);
CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT;

SELECT pg_temp.open_to_app('audit_logs', 'SELECT, INSERT');
CREATE POLICY audit_logs_select_visible ON audit_logs FOR SELECT TO spotter_app
  USING (user_id = current_user_id() OR subject_user_id = current_user_id()
         OR subject_user_id IN (SELECT my_active_trainee_ids()));
-- Anonymous events (a failed sign-in) carry no user id.
CREATE POLICY audit_logs_insert_own ON audit_logs FOR INSERT TO spotter_app
  WITH CHECK (user_id IS NULL OR user_id = current_user_id());
