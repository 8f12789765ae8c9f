-- Removes everything 0001 created. The role is shared by every database of
-- the cluster, so it is dropped only when no other database still uses it.
DROP MATERIALIZED VIEW IF EXISTS trainee_stats;
DROP TABLE IF EXISTS
  trainee_programs, program_templates, exercise_templates, idempotency_keys,
  webhook_deliveries, event_outbox, webhooks, api_rate_limits, audit_logs,
  body_weight_entries, session_cards, exercises, workouts, notifications,
  settings, schedules, user_sessions, trainer_trainees, users CASCADE;
DROP FUNCTION IF EXISTS
  ensure_partitions(integer, integer), create_month_partition(regclass, date),
  update_user_current_weight(), compute_body_weight_bmi(),
  workout_summary(jsonb), jsonb_number(jsonb), create_schedule_notification(),
  cleanup_expired_sessions_function(), resolve_invited_trainee(),
  my_visible_user_ids(), my_linked_user_ids(), my_active_trainee_ids(),
  claim_pending_invitations(), update_updated_at_column(),
  current_user_role(), current_user_id();
DROP EXTENSION IF EXISTS unaccent;
DROP EXTENSION IF EXISTS pg_trgm;
DROP EXTENSION IF EXISTS btree_gist;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'spotter_app') THEN
    EXECUTE 'REVOKE ALL ON SCHEMA public FROM spotter_app';
    EXECUTE 'REVOKE ALL ON alembic_version FROM spotter_app';
    BEGIN
      DROP ROLE spotter_app;
    EXCEPTION WHEN dependent_objects_still_exist THEN
      RAISE NOTICE 'spotter_app is still used by another database; kept';
    END;
  END IF;
END
$$;
