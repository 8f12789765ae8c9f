-- Privacy and search (issue 9): private exercises, roster consent enforced by
-- the database, spelling-tolerant exercise search.
--   functions my_active_trainer_ids(): the trainers actively coaching me;
--             exercise_usable_by(), named_exercise_ids(): which exercises a
--             workout or template may name; search_text() now also folds
--             Thai spellings; search_exercise_ids(): index-backed matching
--   triggers  require_trainee_consent (on trainer_trainees);
--             refuse_foreign_exercises_on_workout, _on_template, _on_program;
--             count_exercise_usage() never counts another trainer's private
--             exercise
--   columns   exercises.aliases: the names a lift is searched by ("squat"
--             is the barbell back squat), ranked as exact matches
--   policies  exercises_select_visible: trainers of an ACTIVE link only

-- ---------------------------------------------------------------------------
-- Roster consent. Only the trainee makes a link active: a trainer's identity
-- can neither insert an active link nor turn a pending (or ended) one active,
-- and nobody moves an active link to other people. The check applies to the
-- server's role, spotter_app; loaders that run as the schema owner (the demo
-- and bulk seeds, the personas of the database tests) write links directly.
-- ---------------------------------------------------------------------------
CREATE FUNCTION require_trainee_consent() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF current_user <> 'spotter_app' THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'active'
     AND (NEW.trainer_id <> OLD.trainer_id OR NEW.trainee_id IS DISTINCT FROM OLD.trainee_id) THEN
    RAISE EXCEPTION 'an active roster link cannot change its trainer or trainee'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.status = 'active' AND (TG_OP = 'INSERT' OR OLD.status <> 'active')
     AND NEW.trainee_id IS DISTINCT FROM current_user_id() THEN
    RAISE EXCEPTION 'only the trainee can make a roster link active'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER require_trainee_consent
  BEFORE INSERT OR UPDATE ON trainer_trainees
  FOR EACH ROW EXECUTE FUNCTION require_trainee_consent();

-- ---------------------------------------------------------------------------
-- Private exercises: a trainer's own are read by the trainees of their
-- ACTIVE links only (an invitation is no consent yet, so a pending invitee
-- sees nothing), and used only in the trainer's own workouts and templates.
-- ---------------------------------------------------------------------------
CREATE FUNCTION my_active_trainer_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT trainer_id FROM trainer_trainees
   WHERE trainee_id = current_user_id() AND status = 'active'
$$;

DROP POLICY exercises_select_visible ON exercises;
CREATE POLICY exercises_select_visible ON exercises FOR SELECT TO spotter_app
  USING (created_by IS NULL OR created_by = current_user_id()
         OR created_by IN (SELECT my_active_trainer_ids()));

-- Whether a workout or template owned by `owner` (the workout's trainer, the
-- template's author) may name the exercise: the catalogue, or the owner's
-- own. The rule of exercises/repository.py usable_exercises_stmt().
CREATE FUNCTION exercise_usable_by(created_by uuid, owner uuid) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT created_by IS NULL OR created_by = owner
$$;

-- Every exerciseId anywhere in a row (a workout's or template's exercises, a
-- program's weekly plan), as uuids.
CREATE FUNCTION named_exercise_ids(doc jsonb) RETURNS SETOF uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (v #>> '{}')::uuid
    FROM jsonb_path_query(doc, 'strict $.**.exerciseId') v
   WHERE v #>> '{}' ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
$$;

-- The second lock behind the server's 422: a row naming another trainer's
-- private exercise is refused, whoever writes it. SECURITY DEFINER: the
-- exercises the writer cannot see are exactly the ones to find. The owner
-- column is the trigger's argument.
CREATE FUNCTION refuse_foreign_exercises() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  doc jsonb := to_jsonb(NEW);
BEGIN
  IF EXISTS (SELECT 1 FROM exercises e
              WHERE e.id IN (SELECT named_exercise_ids(doc))
                AND NOT exercise_usable_by(e.created_by, (doc ->> TG_ARGV[0])::uuid)) THEN
    RAISE EXCEPTION 'a private exercise of another trainer cannot be used'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER refuse_foreign_exercises_on_workout
  BEFORE INSERT OR UPDATE OF exercises, trainer_id ON workouts
  FOR EACH ROW EXECUTE FUNCTION refuse_foreign_exercises('trainer_id');
CREATE TRIGGER refuse_foreign_exercises_on_template
  BEFORE INSERT OR UPDATE OF exercises, created_by ON exercise_templates
  FOR EACH ROW EXECUTE FUNCTION refuse_foreign_exercises('created_by');
CREATE TRIGGER refuse_foreign_exercises_on_program
  BEFORE INSERT OR UPDATE OF weekly_plan, created_by ON program_templates
  FOR EACH ROW EXECUTE FUNCTION refuse_foreign_exercises('created_by');

-- usage_count grows only for exercises the row may name, so another
-- trainer's private exercise never counts (nor leaks that it exists).
CREATE OR REPLACE FUNCTION count_exercise_usage() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  doc jsonb := to_jsonb(NEW);
  owner uuid := COALESCE(doc ->> 'trainer_id', doc ->> 'created_by')::uuid;
BEGIN
  UPDATE exercises e SET usage_count = e.usage_count + 1
   WHERE e.id IN (SELECT named_exercise_ids(NEW.exercises))
     AND exercise_usable_by(e.created_by, owner);
  RETURN NULL;
END;
$$;

-- ---------------------------------------------------------------------------
-- Search. Thai loanwords are spelled both ways: a final t as ต or ท
-- (สควอต, สควอท), with or without the shortening mark ็ (mai taikhu:
-- บ็อกซ์, บอกซ์). search_text() folds both, on the stored names (through the
-- indexes) and on the query alike. The function is IMMUTABLE, so the
-- indexes built on it are rebuilt here.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION search_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT translate(lower(public.unaccent('public.unaccent'::regdictionary, value)), 'ท็', 'ต')
$$;
REINDEX INDEX idx_exercises_name_trgm;
REINDEX INDEX idx_exercises_name_th_trgm;

ALTER TABLE exercises ADD COLUMN aliases TEXT[] NOT NULL DEFAULT '{}';

-- The exercises whose names match a query, found through the trigram
-- indexes. Under row-level security PostgreSQL evaluates a query's own
-- conditions after the policy's unless their operators are LEAKPROOF, which
-- pg_trgm's are not: as spotter_app every search would read the whole
-- table. This function runs as the owner, so the indexes serve it, and
-- applies policy exercises_select_visible's rule itself; the caller's query
-- (exercises/repository.py search_stmt) keeps RLS and ranks the matches.
-- The thresholds are the transaction's (set_config by the caller).
CREATE FUNCTION search_exercise_ids(query text) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 50 AS $$
  WITH q AS (
    SELECT search_text(query) AS needle,
           '%' || replace(replace(replace(search_text(query), '\', '\\'), '%', '\%'), '_', '\_')
               || '%' AS inside
  )
  SELECT e.id FROM exercises e, q
   WHERE (search_text(e.name) % q.needle
          OR q.needle <% search_text(e.name)
          OR q.needle <<% search_text(e.name)
          OR search_text(e.name) LIKE q.inside
          OR search_text(e.name_th) % q.needle
          OR q.needle <% search_text(e.name_th)
          OR q.needle <<% search_text(e.name_th)
          OR search_text(e.name_th) LIKE q.inside)
     AND (e.created_by IS NULL OR e.created_by = current_user_id()
          OR e.created_by IN (SELECT my_active_trainer_ids()))
$$;
REVOKE ALL ON FUNCTION search_exercise_ids(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION search_exercise_ids(text) TO spotter_app;
