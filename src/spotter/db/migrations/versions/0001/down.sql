-- Removes everything revision 0001 created, in reverse order of the domain
-- files. Dropping a table drops its partitions, indexes, triggers, policies
-- and grants; then go the functions, the job queue's schema, the extensions
-- and the role. The role is shared by every database of the cluster, so it is
-- dropped only when no other database still uses it.

-- Tables first (a trigger on one domain's table may call another domain's
-- function), each line a domain, newest first.
DROP FUNCTION IF EXISTS trainee_stats_for(uuid);               -- 90_stats
DROP MATERIALIZED VIEW IF EXISTS trainee_stats;
DROP TABLE IF EXISTS
  trainee_programs, program_templates, exercise_templates,    -- 80_programs
  webhook_deliveries, event_outbox, webhooks,                 -- 75_webhooks
  idempotency_keys,                                           -- 70_idempotency
  api_rate_limits,                                            -- 65_rate_limits
  audit_logs,                                                 -- 60_audit
  notifications,                                              -- 55_notifications
  body_weight_entries,                                        -- 50_body_weight
  session_cards,                                              -- 45_session_cards
  workouts,                                                   -- 40_workouts
  schedules,                                                  -- 35_schedules
  exercises,                                                  -- 30_exercises
  settings,                                                   -- 25_settings
  trainer_trainees,                                           -- 20_roster
  user_sessions,                                              -- 15_auth
  users                                                       -- 10_users
  CASCADE;
DROP FUNCTION IF EXISTS
  count_program_usage(),                                      -- 80_programs
  dispatch_outbox_event(),                                    -- 75_webhooks
  hit_rate_limit(text, uuid, inet, integer),                  -- 65_rate_limits
  announce_notification(), create_schedule_notification(),    -- 55_notifications
  update_user_current_weight(), compute_body_weight_bmi(),    -- 50_body_weight
  workout_summary(jsonb), jsonb_number(jsonb),                -- 40_workouts
  count_exercise_usage(), search_text(text),                  -- 30_exercises
  preferred_language(uuid),                                   -- 25_settings
  resolve_invited_trainee(), my_visible_user_ids(),           -- 20_roster
  my_linked_user_ids(), my_active_trainee_ids(), claim_pending_invitations(),
  auth_session_by_refresh(text), auth_user_by_google(text, text),  -- 15_auth
  auth_user_by_email(text), revoke_sessions_of_inactive_user(),
  cleanup_expired_sessions_function(),
  user_by_ical_token(text),                                   -- 10_users
  defer_job(text, text, jsonb, timestamptz),                  -- 05_jobs
  ensure_partitions(integer, integer),                        -- 00_foundation
  create_month_partition(regclass, date), update_updated_at_column(),
  current_user_role(), current_user_id();
-- The job queue, installed before 05_jobs.
DROP SCHEMA IF EXISTS procrastinate CASCADE;
-- 00_foundation
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
