-- Roles, privileges and row-level security.
--
-- The server runs every query as spotter_app: a role that owns nothing, is
-- not a superuser and has no BYPASSRLS. The role running the migrations owns
-- the schema; it keeps an allow-all policy per table so that its SECURITY
-- DEFINER functions and maintenance jobs work under FORCE ROW LEVEL SECURITY.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'spotter_app') THEN
    CREATE ROLE spotter_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT;
  END IF;
END
$$;
-- Lets the server's connections, made as the owner, SET ROLE spotter_app.
GRANT spotter_app TO CURRENT_USER;

GRANT USAGE ON SCHEMA public TO spotter_app;
-- /readyz compares the schema revision with the code's.
GRANT SELECT ON alembic_version TO spotter_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON
  users, user_sessions, schedules, settings, notifications, workouts,
  session_cards, body_weight_entries, webhooks, idempotency_keys,
  exercise_templates, program_templates, trainee_programs
  TO spotter_app;
GRANT SELECT, INSERT, UPDATE ON trainer_trainees, exercises, api_rate_limits TO spotter_app;
-- The audit trail is append-only for the server.
GRANT SELECT, INSERT ON audit_logs TO spotter_app;
GRANT INSERT ON event_outbox TO spotter_app;
GRANT SELECT ON webhook_deliveries TO spotter_app;
-- Partition upkeep and the unfiltered statistics are not the server's business.
REVOKE ALL ON FUNCTION create_month_partition(regclass, date) FROM PUBLIC;
REVOKE ALL ON FUNCTION ensure_partitions(integer, integer) FROM PUBLIC;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'users', 'trainer_trainees', 'user_sessions', 'schedules', 'settings',
    'notifications', 'workouts', 'exercises', 'session_cards',
    'body_weight_entries', 'audit_logs', 'api_rate_limits', 'webhooks',
    'event_outbox', 'webhook_deliveries', 'idempotency_keys',
    'exercise_templates', 'program_templates', 'trainee_programs']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO CURRENT_USER USING (true) WITH CHECK (true)',
                   t || '_owner_all', t);
  END LOOP;
END
$$;

-- users: oneself, plus the linked people my_visible_user_ids() names.
-- Registration sets the new id as the identity before inserting.
CREATE POLICY users_select_visible ON users FOR SELECT TO spotter_app
  USING (id = current_user_id() OR id IN (SELECT my_visible_user_ids()));
CREATE POLICY users_insert_self ON users FOR INSERT TO spotter_app
  WITH CHECK (id = current_user_id());
CREATE POLICY users_update_self ON users FOR UPDATE TO spotter_app
  USING (id = current_user_id()) WITH CHECK (id = current_user_id());
CREATE POLICY users_delete_self ON users FOR DELETE TO spotter_app
  USING (id = current_user_id());

-- The roster: both parties see a link; only a trainer creates one.
CREATE POLICY trainer_trainees_select_party ON trainer_trainees FOR SELECT TO spotter_app
  USING (trainer_id = current_user_id() OR trainee_id = current_user_id());
CREATE POLICY trainer_trainees_insert_trainer ON trainer_trainees FOR INSERT TO spotter_app
  WITH CHECK (trainer_id = current_user_id() AND current_user_role() = 'trainer');
CREATE POLICY trainer_trainees_update_party ON trainer_trainees FOR UPDATE TO spotter_app
  USING (trainer_id = current_user_id() OR trainee_id = current_user_id())
  WITH CHECK (trainer_id = current_user_id() OR trainee_id = current_user_id());

CREATE POLICY user_sessions_own ON user_sessions FOR ALL TO spotter_app
  USING (user_id = current_user_id()) WITH CHECK (user_id = current_user_id());
CREATE POLICY settings_own ON settings FOR ALL TO spotter_app
  USING (user_id = current_user_id()) WITH CHECK (user_id = current_user_id());
CREATE POLICY webhooks_own ON webhooks FOR ALL TO spotter_app
  USING (user_id = current_user_id()) WITH CHECK (user_id = current_user_id());
CREATE POLICY idempotency_keys_own ON idempotency_keys FOR ALL TO spotter_app
  USING (user_id = current_user_id()) WITH CHECK (user_id = current_user_id());
CREATE POLICY webhook_deliveries_of_own_webhooks ON webhook_deliveries FOR SELECT TO spotter_app
  USING (webhook_id IN (SELECT w.id FROM webhooks w));
CREATE POLICY event_outbox_insert_signed_in ON event_outbox FOR INSERT TO spotter_app
  WITH CHECK (current_user_id() IS NOT NULL);

-- schedules: the seed's policies, with "a trainer can view all" replaced by
-- "a trainer can view the schedules of trainees actively linked to them".
CREATE POLICY trainee_view_own_schedules ON schedules FOR SELECT TO spotter_app
  USING (trainee_id = current_user_id());
CREATE POLICY trainer_view_linked_schedules ON schedules FOR SELECT TO spotter_app
  USING (trainee_id IN (SELECT my_active_trainee_ids()));
CREATE POLICY trainer_modify_schedules ON schedules FOR ALL TO spotter_app
  USING (current_user_role() = 'trainer' AND trainer_id = current_user_id()
         AND trainee_id IN (SELECT my_active_trainee_ids()))
  WITH CHECK (current_user_role() = 'trainer' AND trainer_id = current_user_id()
              AND trainee_id IN (SELECT my_active_trainee_ids()));
-- A trainee confirms or cancels their own bookings (the API limits which
-- columns change).
CREATE POLICY trainee_update_own_schedules ON schedules FOR UPDATE TO spotter_app
  USING (trainee_id = current_user_id()) WITH CHECK (trainee_id = current_user_id());

CREATE POLICY workouts_select_visible ON workouts FOR SELECT TO spotter_app
  USING (trainee_id = current_user_id() OR trainee_id IN (SELECT my_active_trainee_ids()));
CREATE POLICY workouts_modify_own_or_coached ON workouts FOR ALL TO spotter_app
  USING (trainee_id = current_user_id()
         OR (trainer_id = current_user_id() AND trainee_id IN (SELECT my_active_trainee_ids())))
  WITH CHECK (trainee_id = current_user_id()
              OR (trainer_id = current_user_id() AND trainee_id IN (SELECT my_active_trainee_ids())));

CREATE POLICY session_cards_select_party ON session_cards FOR SELECT TO spotter_app
  USING (trainee_id = current_user_id()
         OR (trainer_id = current_user_id() AND trainee_id IN (SELECT my_active_trainee_ids())));
CREATE POLICY session_cards_modify_trainer ON session_cards FOR ALL TO spotter_app
  USING (current_user_role() = 'trainer' AND trainer_id = current_user_id()
         AND trainee_id IN (SELECT my_active_trainee_ids()))
  WITH CHECK (current_user_role() = 'trainer' AND trainer_id = current_user_id()
              AND trainee_id IN (SELECT my_active_trainee_ids()));

CREATE POLICY body_weight_own_or_coached ON body_weight_entries FOR ALL TO spotter_app
  USING (trainee_id = current_user_id() OR trainee_id IN (SELECT my_active_trainee_ids()))
  WITH CHECK (trainee_id = current_user_id() OR trainee_id IN (SELECT my_active_trainee_ids()));

CREATE POLICY notifications_own ON notifications FOR SELECT TO spotter_app
  USING (user_id = current_user_id());
CREATE POLICY notifications_update_own ON notifications FOR UPDATE TO spotter_app
  USING (user_id = current_user_id()) WITH CHECK (user_id = current_user_id());
CREATE POLICY notifications_delete_own ON notifications FOR DELETE TO spotter_app
  USING (user_id = current_user_id());
CREATE POLICY notifications_insert_linked ON notifications FOR INSERT TO spotter_app
  WITH CHECK (user_id = current_user_id() OR user_id IN (SELECT my_linked_user_ids()));

CREATE POLICY audit_logs_select_visible ON audit_logs FOR SELECT TO spotter_app
  USING (user_id = current_user_id() OR subject_user_id = current_user_id()
         OR subject_user_id IN (SELECT my_active_trainee_ids()));
-- Anonymous events (a failed sign-in) carry no user id.
CREATE POLICY audit_logs_insert_own ON audit_logs FOR INSERT TO spotter_app
  WITH CHECK (user_id IS NULL OR user_id = current_user_id());

-- Anonymous callers are counted by IP address, signed-in ones by user.
CREATE POLICY api_rate_limits_own_or_anonymous ON api_rate_limits FOR ALL TO spotter_app
  USING (user_id IS NULL OR user_id = current_user_id())
  WITH CHECK (user_id IS NULL OR user_id = current_user_id());

-- The built-in catalogue (created_by NULL) is public; a trainer's own
-- exercises are theirs and their trainees'.
CREATE POLICY exercises_select_visible ON exercises FOR SELECT TO spotter_app
  USING (created_by IS NULL OR created_by = current_user_id()
         OR created_by IN (SELECT my_visible_user_ids()));
CREATE POLICY exercises_insert_trainer ON exercises FOR INSERT TO spotter_app
  WITH CHECK (current_user_role() = 'trainer' AND created_by = current_user_id());
CREATE POLICY exercises_update_trainer ON exercises FOR UPDATE TO spotter_app
  USING (current_user_role() = 'trainer' AND created_by = current_user_id())
  WITH CHECK (current_user_role() = 'trainer' AND created_by = current_user_id());

CREATE POLICY exercise_templates_select_visible ON exercise_templates FOR SELECT TO spotter_app
  USING (created_by = current_user_id() OR (is_public AND current_user_role() = 'trainer'));
CREATE POLICY exercise_templates_modify_own ON exercise_templates FOR ALL TO spotter_app
  USING (current_user_role() = 'trainer' AND created_by = current_user_id())
  WITH CHECK (current_user_role() = 'trainer' AND created_by = current_user_id());

CREATE POLICY program_templates_select_visible ON program_templates FOR SELECT TO spotter_app
  USING (created_by = current_user_id() OR (is_public AND current_user_role() = 'trainer')
         OR id IN (SELECT tp.program_id FROM trainee_programs tp
                    WHERE tp.trainee_id = current_user_id()));
CREATE POLICY program_templates_modify_own ON program_templates FOR ALL TO spotter_app
  USING (current_user_role() = 'trainer' AND created_by = current_user_id())
  WITH CHECK (current_user_role() = 'trainer' AND created_by = current_user_id());

CREATE POLICY trainee_programs_select_visible ON trainee_programs FOR SELECT TO spotter_app
  USING (trainee_id = current_user_id() OR trainee_id IN (SELECT my_active_trainee_ids()));
CREATE POLICY trainee_programs_modify_trainer ON trainee_programs FOR ALL TO spotter_app
  USING (current_user_role() = 'trainer' AND trainer_id = current_user_id()
         AND trainee_id IN (SELECT my_active_trainee_ids()))
  WITH CHECK (current_user_role() = 'trainer' AND trainer_id = current_user_id()
              AND trainee_id IN (SELECT my_active_trainee_ids()));
CREATE POLICY trainee_programs_update_own ON trainee_programs FOR UPDATE TO spotter_app
  USING (trainee_id = current_user_id()) WITH CHECK (trainee_id = current_user_id());
