-- The training domain's database support.

-- unaccent() is STABLE (it reads a dictionary); indexes need IMMUTABLE. The
-- dictionary is fixed by name, so wrapping it is safe.
CREATE FUNCTION search_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT lower(public.unaccent('public.unaccent'::regdictionary, value))
$$;

-- Typo-tolerant search over English and Thai names.
CREATE INDEX idx_exercises_name_trgm ON exercises USING gin (search_text(name) gin_trgm_ops);
CREATE INDEX idx_exercises_name_th_trgm ON exercises USING gin (search_text(name_th) gin_trgm_ops);
-- Popular-first and name-order listings (keyset on (usage_count, id), (name, id)).
CREATE INDEX idx_exercises_popular ON exercises (usage_count DESC, id);
CREATE INDEX idx_exercises_name_id ON exercises (name, id);

-- A trainee's calendar in time order (keyset on date, start, id).
CREATE INDEX idx_schedules_trainee_calendar ON schedules (trainee_id, date, start_time, id);

-- usage_count grows each time an exercise is used in a logged workout or a
-- template, whoever writes them.
CREATE FUNCTION count_exercise_usage() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE exercises e SET usage_count = e.usage_count + 1
   WHERE e.id IN (
     SELECT (x->>'exerciseId')::uuid
       FROM jsonb_array_elements(NEW.exercises) x
      WHERE x->>'exerciseId' ~ '^[0-9a-fA-F-]{36}$'
   );
  RETURN NULL;
END;
$$;
CREATE TRIGGER count_exercise_usage_on_workout
  AFTER INSERT ON workouts
  FOR EACH ROW EXECUTE FUNCTION count_exercise_usage();
CREATE TRIGGER count_exercise_usage_on_template
  AFTER INSERT ON exercise_templates
  FOR EACH ROW EXECUTE FUNCTION count_exercise_usage();

-- A program template counts each assignment, also of another trainer's
-- public template that the assigning trainer may not update.
CREATE FUNCTION count_program_usage() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE program_templates SET usage_count = COALESCE(usage_count, 0) + 1
   WHERE id = NEW.program_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER count_program_usage
  AFTER INSERT ON trainee_programs
  FOR EACH ROW WHEN (NEW.program_id IS NOT NULL) EXECUTE FUNCTION count_program_usage();

-- iCal feeds: a secret per user, stored hashed; the feed URL carries it.
ALTER TABLE users ADD COLUMN ical_token_hash VARCHAR(64) UNIQUE;

CREATE FUNCTION user_by_ical_token(token_hash text) RETURNS TABLE (id uuid, role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id, u.role FROM users u
   WHERE u.ical_token_hash = token_hash AND u.is_active IS NOT FALSE
$$;

-- New notifications are announced on a channel, so every API process can
-- push them to its server-sent-event streams.
CREATE FUNCTION announce_notification() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('spotter_notifications',
                    json_build_object('userId', NEW.user_id, 'id', NEW.id)::text);
  RETURN NULL;
END;
$$;
CREATE TRIGGER announce_notification
  AFTER INSERT ON notifications
  FOR EACH ROW EXECUTE FUNCTION announce_notification();

-- trainee_stats has no row security of its own (a materialized view cannot);
-- this function is the only way the server reads it, for visible trainees.
CREATE FUNCTION trainee_stats_for(trainee uuid)
RETURNS SETOF trainee_stats
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT * FROM trainee_stats
   WHERE id = trainee
     AND (trainee = current_user_id() OR trainee IN (SELECT my_active_trainee_ids()))
$$;

REVOKE ALL ON FUNCTION user_by_ical_token(text), trainee_stats_for(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION user_by_ical_token(text), trainee_stats_for(uuid) TO spotter_app;
