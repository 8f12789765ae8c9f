-- Schedules (seed table 3): training sessions booked between a trainer and
-- a trainee.
--   table     schedules; duration is generated; no two live sessions of one
--             trainer, or of one trainee, overlap
--   indexes   the seed's idx_schedules_*; a trainee's calendar
--             (idx_schedules_trainee_calendar), due reminders
--             (idx_schedules_reminders)
--   triggers  update_schedules_updated_at; notify_schedule_created is in
--             55_notifications.sql
--   access    the trainee and their active trainers read; the trainer
--             writes for active trainees; the trainee confirms or cancels

CREATE TABLE schedules (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  trainee_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  trainer_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title VARCHAR(255) NOT NULL,
  date DATE NOT NULL,
  start_time TIME NOT NULL,
  end_time TIME NOT NULL,
  -- Derived in the database so no writer can store a wrong value.
  duration INTEGER NOT NULL GENERATED ALWAYS AS
    ((EXTRACT(EPOCH FROM (end_time - start_time)) / 60)::integer) STORED,
  location VARCHAR(255),
  status VARCHAR(20) NOT NULL DEFAULT 'pending' CHECK (
    status IN ('pending', 'confirmed', 'completed', 'cancelled')
  ),
  notes TEXT,
  reminder_sent BOOLEAN DEFAULT FALSE,
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW(),
  CONSTRAINT schedules_end_after_start CHECK (end_time > start_time),
  CONSTRAINT schedules_trainer_no_overlap EXCLUDE USING gist (
    trainer_id WITH =, tsrange(date + start_time, date + end_time) WITH &&
  ) WHERE (status <> 'cancelled'),
  CONSTRAINT schedules_trainee_no_overlap EXCLUDE USING gist (
    trainee_id WITH =, tsrange(date + start_time, date + end_time) WITH &&
  ) WHERE (status <> 'cancelled')
);
CREATE INDEX idx_schedules_trainee ON schedules(trainee_id);
CREATE INDEX idx_schedules_trainer ON schedules(trainer_id);
CREATE INDEX idx_schedules_date ON schedules(date);
CREATE INDEX idx_schedules_status ON schedules(status);
CREATE INDEX idx_schedules_datetime ON schedules(date, start_time);
CREATE INDEX idx_schedules_trainee_date_status ON schedules(trainee_id, date, status);
CREATE INDEX idx_schedules_trainer_date ON schedules(trainer_id, date, start_time, id);
-- A trainee's calendar in time order (keyset on date, start, id).
CREATE INDEX idx_schedules_trainee_calendar ON schedules (trainee_id, date, start_time, id);
-- Reminders look for confirmed sessions not yet reminded, by start time.
CREATE INDEX idx_schedules_reminders ON schedules (date, start_time)
  WHERE status = 'confirmed' AND reminder_sent IS NOT TRUE;
SELECT pg_temp.track_updated_at('schedules');

SELECT pg_temp.open_to_app('schedules', 'SELECT, INSERT, UPDATE, DELETE');
-- The seed's policies, with "a trainer can view all" replaced by "a trainer
-- can view the schedules of trainees actively linked to them".
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
