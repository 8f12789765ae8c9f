-- Speed (issue 12): personal records kept incrementally, the audit log read
-- through indexes, rate limits counted in batches.
--   table     personal_records: per trainee and exercise, the bests that
--             workouts/records.py compares a new workout against
--   functions personal_record_bests(exercises), merge_most_reps(a, b),
--             weight_training_names(exercises),
--             rebuild_personal_records(trainee_ids, exercise_names): the
--             bests of a set of exercise entries, and a rebuild from the
--             workouts (the backfill, edits and deletions)
--   triggers  personal_records_on_workout_insert / _update / _delete
--   indexes   idx_audit_logs_subject and idx_audit_logs_user_created, the
--             ordered walks of GET /audit-logs
--   rate      claim_rate_limit(), release_rate_limit(): a batch of a
--             window's slots claimed at once, the unused ones given back
--   access    spotter_app reads the records it may read the workouts of;
--             only the triggers write them

-- ---------------------------------------------------------------------------
-- Personal records
-- ---------------------------------------------------------------------------
-- Records match exercises by name, case-insensitively (`exercise` is the
-- lower-case name), and count weight_training sets with a numeric weight
-- and at least one rep. most_reps maps each weight (trim_scale'd text, so
-- 100 and 100.0 are one key) to the most reps done at it.
CREATE TABLE personal_records (
  trainee_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  exercise TEXT NOT NULL,
  heaviest_weight NUMERIC NOT NULL,
  -- Epley, in double precision: the same arithmetic as records.epley().
  best_estimated_1rm DOUBLE PRECISION NOT NULL,
  most_reps JSONB NOT NULL CHECK (jsonb_typeof(most_reps) = 'object'),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  PRIMARY KEY (trainee_id, exercise)
);

-- The bests of one array of exercise entries, one row per exercise name.
CREATE FUNCTION personal_record_bests(exercises jsonb)
RETURNS TABLE (exercise text, heaviest_weight numeric, best_estimated_1rm double precision,
               most_reps jsonb)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH sets AS (
    SELECT lower(e->>'name') AS exercise,
           trim_scale((s->>'weight')::numeric) AS weight,
           (s->>'reps')::numeric::integer AS reps
      FROM jsonb_array_elements(exercises) e,
           jsonb_array_elements(CASE WHEN jsonb_typeof(e->'sets') = 'array'
                                     THEN e->'sets' ELSE '[]'::jsonb END) s
     WHERE e->>'type' = 'weight_training' AND jsonb_typeof(e->'name') = 'string'
       AND jsonb_typeof(s->'weight') = 'number' AND jsonb_typeof(s->'reps') = 'number'
       AND (s->>'reps')::numeric >= 1
  ), per_weight AS (
    SELECT exercise, weight, max(reps) AS reps FROM sets GROUP BY exercise, weight
  )
  SELECT s.exercise,
         max(s.weight),
         max(CASE WHEN s.reps = 1 THEN s.weight::float8
                  ELSE s.weight::float8 * (1 + s.reps::float8 / 30) END),
         (SELECT jsonb_object_agg(p.weight::text, p.reps)
            FROM per_weight p WHERE p.exercise = s.exercise)
    FROM sets s
   GROUP BY s.exercise
$$;

-- Two most_reps maps as one: the higher count at each weight.
CREATE FUNCTION merge_most_reps(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT jsonb_object_agg(key, best)
    FROM (SELECT key, max(value::text::integer) AS best
            FROM (SELECT * FROM jsonb_each(a) UNION ALL SELECT * FROM jsonb_each(b)) both_maps
           GROUP BY key) merged
$$;

-- Recompute from scratch the records of these trainees for these exercises
-- (NULL: every exercise), from all their workouts. For edits and deletions,
-- which are rare; a new workout only merges (see below).
CREATE FUNCTION rebuild_personal_records(trainee_ids uuid[], exercise_names text[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  DELETE FROM personal_records
   WHERE trainee_id = ANY(trainee_ids)
     AND (exercise_names IS NULL OR exercise = ANY(exercise_names));
  INSERT INTO personal_records (trainee_id, exercise, heaviest_weight, best_estimated_1rm,
                                most_reps)
  SELECT h.trainee_id, b.exercise, b.heaviest_weight, b.best_estimated_1rm, b.most_reps
    FROM (SELECT w.trainee_id, jsonb_agg(e) AS entries
            FROM workouts w, jsonb_array_elements(w.exercises) e
           WHERE w.trainee_id = ANY(trainee_ids)
             AND e->>'type' = 'weight_training'
             AND (exercise_names IS NULL OR lower(e->>'name') = ANY(exercise_names))
           GROUP BY w.trainee_id) h,
         personal_record_bests(h.entries) b;
END;
$$;
REVOKE ALL ON FUNCTION rebuild_personal_records(uuid[], text[]) FROM PUBLIC;

-- Statement triggers with transition tables: one pass per statement, so a
-- COPY of many workouts (the bulk loader) merges once, set-based.
-- SECURITY DEFINER: the records are the trainee's whole history, whoever
-- logs, and spotter_app may only read them.
CREATE FUNCTION merge_personal_records() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO personal_records AS p (trainee_id, exercise, heaviest_weight,
                                     best_estimated_1rm, most_reps)
  SELECT n.trainee_id, b.exercise, b.heaviest_weight, b.best_estimated_1rm, b.most_reps
    FROM (SELECT w.trainee_id, jsonb_agg(e) AS entries
            FROM new_workouts w, jsonb_array_elements(w.exercises) e
           WHERE e->>'type' = 'weight_training'
           GROUP BY w.trainee_id) n,
         personal_record_bests(n.entries) b
  ON CONFLICT (trainee_id, exercise) DO UPDATE SET
    heaviest_weight = GREATEST(p.heaviest_weight, EXCLUDED.heaviest_weight),
    best_estimated_1rm = GREATEST(p.best_estimated_1rm, EXCLUDED.best_estimated_1rm),
    most_reps = merge_most_reps(p.most_reps, EXCLUDED.most_reps),
    updated_at = NOW();
  RETURN NULL;
END;
$$;

-- The exercise names of the weight_training entries, in lower case.
CREATE FUNCTION weight_training_names(exercises jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY(SELECT DISTINCT lower(e->>'name') FROM jsonb_array_elements(exercises) e
                WHERE e->>'type' = 'weight_training' AND jsonb_typeof(e->'name') = 'string')
$$;

-- An edit or a deletion can lower a record: rebuild what the changed rows
-- touched (their trainees, the exercise names before and after). Each
-- branch names only the transition tables its trigger has: PL/pgSQL plans
-- a statement when it first runs it.
CREATE FUNCTION rebuild_touched_personal_records() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  trainees uuid[];
  names text[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.trainee_id), array_agg(DISTINCT n)
      INTO trainees, names
      FROM old_workouts o, unnest(weight_training_names(o.exercises)) n;
  ELSE
    -- Only rows whose trainee or exercises changed (not a new rating).
    SELECT array_agg(DISTINCT c.trainee_id), array_agg(DISTINCT n)
      INTO trainees, names
      FROM (SELECT o.trainee_id, o.exercises FROM old_workouts o
             WHERE NOT EXISTS (SELECT 1 FROM new_workouts w WHERE w.id = o.id
                                  AND w.trainee_id = o.trainee_id AND w.exercises = o.exercises)
            UNION ALL
            SELECT w.trainee_id, w.exercises FROM new_workouts w
             WHERE NOT EXISTS (SELECT 1 FROM old_workouts o WHERE o.id = w.id
                                  AND o.trainee_id = w.trainee_id AND o.exercises = w.exercises)
           ) c, unnest(weight_training_names(c.exercises)) n;
  END IF;
  IF trainees IS NOT NULL THEN
    PERFORM rebuild_personal_records(trainees, names);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER personal_records_on_workout_insert
  AFTER INSERT ON workouts REFERENCING NEW TABLE AS new_workouts
  FOR EACH STATEMENT EXECUTE FUNCTION merge_personal_records();
CREATE TRIGGER personal_records_on_workout_update
  AFTER UPDATE ON workouts REFERENCING OLD TABLE AS old_workouts NEW TABLE AS new_workouts
  FOR EACH STATEMENT EXECUTE FUNCTION rebuild_touched_personal_records();
CREATE TRIGGER personal_records_on_workout_delete
  AFTER DELETE ON workouts REFERENCING OLD TABLE AS old_workouts
  FOR EACH STATEMENT EXECUTE FUNCTION rebuild_touched_personal_records();

-- Backfill from the workouts already logged.
SELECT rebuild_personal_records(ARRAY(SELECT DISTINCT trainee_id FROM workouts));

-- As 0001's open_to_app() does (a temporary helper, gone by now): row-level
-- security forced, the owner's allow-all policy for the triggers.
GRANT SELECT ON personal_records TO spotter_app;
ALTER TABLE personal_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE personal_records FORCE ROW LEVEL SECURITY;
CREATE POLICY personal_records_owner_all ON personal_records TO CURRENT_USER
  USING (true) WITH CHECK (true);
CREATE POLICY personal_records_select_visible ON personal_records FOR SELECT TO spotter_app
  USING (trainee_id = current_user_id() OR trainee_id IN (SELECT my_active_trainee_ids()));

-- ---------------------------------------------------------------------------
-- Audit log: GET /audit-logs walks, newest first, the entries I made and
-- the entries about me or each of my trainees; the id ends the keyset.
-- ---------------------------------------------------------------------------
DROP INDEX idx_audit_logs_subject;
CREATE INDEX idx_audit_logs_subject ON audit_logs(subject_user_id, created_at DESC, id DESC);
CREATE INDEX idx_audit_logs_user_created ON audit_logs(user_id, created_at DESC, id DESC);

-- ---------------------------------------------------------------------------
-- Rate limits: a process claims a batch of a window's slots at once
-- (rate_limits/limiter.py), and gives back what it did not use.
-- ---------------------------------------------------------------------------
-- hit_rate_limit() with any number of hits: one INSERT ... ON CONFLICT ...
-- RETURNING, atomic under any concurrency. Returns the window's count
-- including this claim, and the window's start.
CREATE FUNCTION claim_rate_limit(bucket text, for_user uuid, for_ip inet, window_seconds integer,
                                 wanted integer)
RETURNS TABLE (requests_count integer, window_start timestamptz)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO api_rate_limits AS r (user_id, ip_address, endpoint, window_start, requests_count)
  VALUES (for_user, for_ip, bucket,
          to_timestamp(floor(extract(epoch FROM clock_timestamp()) / window_seconds)
                       * window_seconds),
          wanted)
  ON CONFLICT (endpoint, user_id, ip_address, window_start)
  DO UPDATE SET requests_count = r.requests_count + wanted
  RETURNING r.requests_count, r.window_start
$$;
REVOKE ALL ON FUNCTION claim_rate_limit(text, uuid, inet, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_rate_limit(text, uuid, inet, integer, integer) TO spotter_app;

CREATE FUNCTION release_rate_limit(bucket text, for_user uuid, for_ip inet, started timestamptz,
                                   unused integer)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  UPDATE api_rate_limits
     SET requests_count = GREATEST(requests_count - unused, 0)
   WHERE endpoint = bucket AND window_start = started
     AND user_id IS NOT DISTINCT FROM for_user AND ip_address IS NOT DISTINCT FROM for_ip
$$;
REVOKE ALL ON FUNCTION release_rate_limit(text, uuid, inet, timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION release_rate_limit(text, uuid, inet, timestamptz, integer)
  TO spotter_app;
