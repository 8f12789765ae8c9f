-- Exercises (seed table 5): the built-in catalogue and trainers' own.
--   table     exercises (the catalogue's rows are synced by slug after each
--             upgrade, by spotter.exercises.catalog)
--   indexes   the seed's idx_exercises_*; trigram indexes for search
--             (idx_exercises_name_trgm, _name_th_trgm); keyset listings
--             (idx_exercises_popular, _name_id)
--   triggers  update_exercises_updated_at
--   functions search_text(): the normalised text search indexes;
--             count_exercise_usage(): fired by count_exercise_usage_on_workout
--             (40_workouts.sql) and _on_template (80_programs.sql)
--   access    everyone reads the catalogue; a trainer writes their own,
--             which their trainees may read

CREATE TABLE exercises (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Stable key of a built-in catalogue entry; NULL for trainers' own.
  slug VARCHAR(100) UNIQUE,
  name VARCHAR(255) NOT NULL UNIQUE,
  name_th VARCHAR(255),
  type VARCHAR(20) NOT NULL CHECK (type IN ('weight_training', 'cardio', 'flexibility')),
  category VARCHAR(50) NOT NULL,
  description TEXT,
  metadata JSONB,
  muscle_groups TEXT[],
  equipment TEXT[],
  difficulty VARCHAR(20) CHECK (difficulty IN ('beginner', 'intermediate', 'advanced')),
  instructions TEXT[],
  tips TEXT[],
  warnings TEXT[],
  video_url TEXT,
  thumbnail_url TEXT,
  is_active BOOLEAN DEFAULT TRUE,
  usage_count INTEGER DEFAULT 0 CHECK (usage_count >= 0),
  created_by UUID REFERENCES users(id),
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_exercises_name ON exercises(name);
CREATE INDEX idx_exercises_type ON exercises(type);
CREATE INDEX idx_exercises_category ON exercises(category);
CREATE INDEX idx_exercises_active ON exercises(is_active);
CREATE INDEX idx_exercises_usage ON exercises(usage_count DESC);
CREATE INDEX idx_exercises_difficulty ON exercises(difficulty);
CREATE INDEX idx_exercises_muscle_groups ON exercises USING GIN (muscle_groups);
CREATE INDEX idx_exercises_equipment ON exercises USING GIN (equipment);
CREATE INDEX idx_exercises_created_by ON exercises(created_by);
SELECT pg_temp.track_updated_at('exercises');

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

SELECT pg_temp.open_to_app('exercises', 'SELECT, INSERT, UPDATE, DELETE');
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
-- Deleting an account removes the trainer's own exercises first (the seed's
-- foreign key has no ON DELETE action).
CREATE POLICY exercises_delete_own ON exercises FOR DELETE TO spotter_app
  USING (created_by = current_user_id());
