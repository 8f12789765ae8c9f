-- Session cards (seed table 6): a trainer's summary of a session.
--   table     session_cards; workout_date keeps the foreign key to the
--             partitioned workouts table enforceable
--   indexes   the seed's idx_session_cards_*; a trainee's cards, newest
--             first (idx_session_cards_trainee_date)
--   triggers  update_session_cards_updated_at
--   access    the trainee and the writing trainer (while actively linked)
--             read; only that trainer writes

CREATE TABLE session_cards (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  trainee_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  trainer_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  workout_id UUID,
  workout_date DATE,
  date DATE NOT NULL,
  summary TEXT NOT NULL,
  achievements TEXT[],
  areas_for_improvement TEXT[],
  next_session_goals TEXT[],
  trainer_notes TEXT,
  rating INTEGER CHECK (rating >= 1 AND rating <= 5),
  tags TEXT[],
  media JSONB,
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW(),
  CONSTRAINT session_cards_workout_fkey FOREIGN KEY (workout_id, workout_date)
    REFERENCES workouts(id, date) ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT session_cards_workout_pair CHECK ((workout_id IS NULL) = (workout_date IS NULL))
);
CREATE INDEX idx_session_cards_trainee ON session_cards(trainee_id);
CREATE INDEX idx_session_cards_trainer ON session_cards(trainer_id);
CREATE INDEX idx_session_cards_workout ON session_cards(workout_id);
CREATE INDEX idx_session_cards_date ON session_cards(date);
CREATE INDEX idx_session_cards_rating ON session_cards(rating);
CREATE INDEX idx_session_cards_tags ON session_cards USING GIN (tags);
CREATE INDEX idx_session_cards_trainee_date ON session_cards(trainee_id, date DESC, id DESC);
SELECT pg_temp.track_updated_at('session_cards');

SELECT pg_temp.open_to_app('session_cards', 'SELECT, INSERT, UPDATE, DELETE');
CREATE POLICY session_cards_select_party ON session_cards FOR SELECT TO spotter_app
  USING (trainee_id = current_user_id()
         OR (trainer_id = current_user_id() AND trainee_id IN (SELECT my_active_trainee_ids())));
CREATE POLICY session_cards_modify_trainer ON session_cards FOR ALL TO spotter_app
  USING (current_user_role() = 'trainer' AND trainer_id = current_user_id()
         AND trainee_id IN (SELECT my_active_trainee_ids()))
  WITH CHECK (current_user_role() = 'trainer' AND trainer_id = current_user_id()
              AND trainee_id IN (SELECT my_active_trainee_ids()));
