-- Undo 0003/up.sql: back to revision 0001's exercises and roster rules.

DROP FUNCTION search_exercise_ids(text);
ALTER TABLE exercises DROP COLUMN aliases;

CREATE OR REPLACE FUNCTION search_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT lower(public.unaccent('public.unaccent'::regdictionary, value))
$$;
REINDEX INDEX idx_exercises_name_trgm;
REINDEX INDEX idx_exercises_name_th_trgm;

CREATE OR REPLACE FUNCTION count_exercise_usage() RETURNS trigger
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

DROP TRIGGER refuse_foreign_exercises_on_program ON program_templates;
DROP TRIGGER refuse_foreign_exercises_on_template ON exercise_templates;
DROP TRIGGER refuse_foreign_exercises_on_workout ON workouts;
DROP FUNCTION refuse_foreign_exercises();
DROP FUNCTION named_exercise_ids(jsonb);
DROP FUNCTION exercise_usable_by(uuid, uuid);

DROP POLICY exercises_select_visible ON exercises;
CREATE POLICY exercises_select_visible ON exercises FOR SELECT TO spotter_app
  USING (created_by IS NULL OR created_by = current_user_id()
         OR created_by IN (SELECT my_visible_user_ids()));
DROP FUNCTION my_active_trainer_ids();

DROP TRIGGER require_trainee_consent ON trainer_trainees;
DROP FUNCTION require_trainee_consent();
