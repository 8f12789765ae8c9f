-- Programs (seed tables 13-15): templates and the programs assigned from
-- them.
--   tables    exercise_templates, program_templates, trainee_programs
--   indexes   the seed's idx_exercise_templates_*,
--             idx_program_templates_*, idx_trainee_programs_*
--   triggers  update_*_updated_at on each; count_exercise_usage_on_template
--             (count_exercise_usage() is in 30_exercises.sql);
--             count_program_usage (an assignment counts as a use)
--   access    a trainer manages their own templates and reads public ones;
--             a trainee reads the programs assigned to them and their
--             templates, and updates their own progress

CREATE TABLE exercise_templates (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  created_by UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name VARCHAR(255) NOT NULL,
  description TEXT,
  exercises JSONB NOT NULL CHECK (jsonb_typeof(exercises) = 'array'),
  tags TEXT[],
  difficulty VARCHAR(20) CHECK (difficulty IN ('beginner', 'intermediate', 'advanced')),
  duration_minutes INTEGER CHECK (duration_minutes > 0),
  is_public BOOLEAN DEFAULT FALSE,
  usage_count INTEGER DEFAULT 0 CHECK (usage_count >= 0),
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_exercise_templates_creator ON exercise_templates(created_by);
CREATE INDEX idx_exercise_templates_public ON exercise_templates(is_public);
CREATE INDEX idx_exercise_templates_usage ON exercise_templates(usage_count DESC);
SELECT pg_temp.track_updated_at('exercise_templates');
CREATE TRIGGER count_exercise_usage_on_template
  AFTER INSERT ON exercise_templates
  FOR EACH ROW EXECUTE FUNCTION count_exercise_usage();

CREATE TABLE program_templates (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  created_by UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name VARCHAR(255) NOT NULL,
  description TEXT,
  duration_weeks INTEGER NOT NULL CHECK (duration_weeks BETWEEN 1 AND 52),
  weekly_plan JSONB NOT NULL CHECK (jsonb_typeof(weekly_plan) = 'array'),
  goals TEXT[],
  difficulty VARCHAR(20) CHECK (difficulty IN ('beginner', 'intermediate', 'advanced')),
  is_public BOOLEAN DEFAULT FALSE,
  usage_count INTEGER DEFAULT 0 CHECK (usage_count >= 0),
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_program_templates_creator ON program_templates(created_by);
CREATE INDEX idx_program_templates_public ON program_templates(is_public);
CREATE INDEX idx_program_templates_usage ON program_templates(usage_count DESC);
SELECT pg_temp.track_updated_at('program_templates');

CREATE TABLE trainee_programs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  trainee_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  trainer_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  program_id UUID REFERENCES program_templates(id) ON DELETE SET NULL,
  current_week INTEGER DEFAULT 1 CHECK (current_week >= 1),
  start_date DATE NOT NULL,
  end_date DATE,
  status VARCHAR(20) DEFAULT 'active' CHECK (status IN ('active', 'paused', 'completed', 'cancelled')),
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW(),
  CONSTRAINT trainee_programs_dates CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX idx_trainee_programs_trainee ON trainee_programs(trainee_id);
CREATE INDEX idx_trainee_programs_trainer ON trainee_programs(trainer_id);
CREATE INDEX idx_trainee_programs_program ON trainee_programs(program_id);
CREATE INDEX idx_trainee_programs_status ON trainee_programs(status);
SELECT pg_temp.track_updated_at('trainee_programs');

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

SELECT pg_temp.open_to_app(t, 'SELECT, INSERT, UPDATE, DELETE')
  FROM unnest(ARRAY['exercise_templates', 'program_templates', 'trainee_programs']) AS t;

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
