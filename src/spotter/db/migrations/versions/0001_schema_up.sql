-- Spotter's base schema: the seed design (seed/schema-design.md) with the
-- changes DESIGN.md lists. Every seed table, column, CHECK and named index is
-- here by the seed's names; docs/decisions.md explains each departure.

CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- ---------------------------------------------------------------------------
-- Identity of the request, read by the policies. The server sets both with
-- set_config(..., true), so they vanish when the transaction ends.
-- ---------------------------------------------------------------------------
CREATE FUNCTION current_user_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT NULLIF(current_setting('spotter.user_id', true), '')::uuid
$$;

CREATE FUNCTION current_user_role() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT NULLIF(current_setting('spotter.user_role', true), '')
$$;

-- The seed's four functions.
CREATE FUNCTION update_updated_at_column() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at = NOW();
  RETURN NEW;
END;
$$;

-- ---------------------------------------------------------------------------
-- 1. users
-- ---------------------------------------------------------------------------
CREATE TABLE users (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  email VARCHAR(255) NOT NULL UNIQUE,
  google_id VARCHAR(255) UNIQUE,
  password_hash TEXT,
  name VARCHAR(255) NOT NULL,
  avatar TEXT,
  phone VARCHAR(20),
  date_of_birth DATE,
  gender VARCHAR(10) CHECK (gender IN ('male', 'female', 'other')),
  role VARCHAR(20) NOT NULL DEFAULT 'trainee' CHECK (role IN ('trainer', 'trainee')),
  height DECIMAL(5,2) CHECK (height > 0),
  weight DECIMAL(5,2) CHECK (weight > 0),
  is_active BOOLEAN DEFAULT TRUE,
  last_login TIMESTAMPTZ,
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW(),
  -- Emails are stored trimmed and lower-cased so UNIQUE compares them
  -- case-insensitively.
  CONSTRAINT users_email_normalized CHECK (email = lower(btrim(email))),
  CONSTRAINT users_name_not_blank CHECK (btrim(name) <> '')
);
CREATE INDEX idx_users_email ON users(email);
CREATE INDEX idx_users_google_id ON users(google_id);
CREATE INDEX idx_users_role ON users(role);
CREATE INDEX idx_users_active ON users(is_active);
CREATE TRIGGER update_users_updated_at
  BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- ---------------------------------------------------------------------------
-- The roster (DESIGN.md addition). An invitation names an email; trainee_id
-- is filled when the invited person has (or later creates) an account.
-- ---------------------------------------------------------------------------
CREATE TABLE trainer_trainees (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  trainer_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  trainee_id UUID REFERENCES users(id) ON DELETE CASCADE,
  invited_email VARCHAR(255) NOT NULL,
  status VARCHAR(20) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'ended')),
  accepted_at TIMESTAMPTZ,
  ended_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CONSTRAINT trainer_trainees_email_normalized CHECK (invited_email = lower(btrim(invited_email))),
  CONSTRAINT trainer_trainees_not_self CHECK (trainee_id IS NULL OR trainee_id <> trainer_id),
  CONSTRAINT trainer_trainees_active_has_trainee CHECK (status <> 'active' OR trainee_id IS NOT NULL)
);
-- At most one open (pending or active) link per trainer and email.
CREATE UNIQUE INDEX idx_trainer_trainees_open ON trainer_trainees(trainer_id, invited_email)
  WHERE status <> 'ended';
CREATE INDEX idx_trainer_trainees_trainee ON trainer_trainees(trainee_id, status);
CREATE INDEX idx_trainer_trainees_trainer ON trainer_trainees(trainer_id, status);
CREATE INDEX idx_trainer_trainees_email ON trainer_trainees(invited_email) WHERE trainee_id IS NULL;
CREATE TRIGGER update_trainer_trainees_updated_at
  BEFORE UPDATE ON trainer_trainees
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- A new account claims the invitations that were waiting for its email.
CREATE FUNCTION claim_pending_invitations() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE trainer_trainees SET trainee_id = NEW.id
   WHERE trainee_id IS NULL AND invited_email = NEW.email AND status = 'pending'
     AND trainer_id <> NEW.id AND NEW.role = 'trainee';
  RETURN NEW;
END;
$$;
CREATE TRIGGER claim_invitations_on_signup
  AFTER INSERT ON users
  FOR EACH ROW EXECUTE FUNCTION claim_pending_invitations();

-- The trainees whose data the current trainer may see: active links only.
CREATE FUNCTION my_active_trainee_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT trainee_id FROM trainer_trainees
   WHERE trainer_id = current_user_id() AND status = 'active'
$$;

-- Everyone the current user has a roster link with, in any state: they may
-- send each other notifications.
CREATE FUNCTION my_linked_user_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT trainee_id FROM trainer_trainees
   WHERE trainer_id = current_user_id() AND trainee_id IS NOT NULL
  UNION
  SELECT trainer_id FROM trainer_trainees WHERE trainee_id = current_user_id()
$$;

-- The users whose profile the current user may read: a trainer reads active
-- trainees; a trainee reads the trainers who invited them or coach them.
CREATE FUNCTION my_visible_user_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT trainee_id FROM trainer_trainees
   WHERE trainer_id = current_user_id() AND status = 'active'
  UNION
  SELECT trainer_id FROM trainer_trainees
   WHERE trainee_id = current_user_id() AND status IN ('pending', 'active')
$$;

-- An invitation to the email of an existing trainee names that trainee at
-- once; the inviting trainer cannot look users up by email under RLS.
CREATE FUNCTION resolve_invited_trainee() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NEW.trainee_id IS NULL THEN
    SELECT u.id INTO NEW.trainee_id FROM users u
     WHERE u.email = NEW.invited_email AND u.role = 'trainee' AND u.id <> NEW.trainer_id;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER resolve_invited_trainee
  BEFORE INSERT ON trainer_trainees
  FOR EACH ROW EXECUTE FUNCTION resolve_invited_trainee();

-- ---------------------------------------------------------------------------
-- 2. user_sessions: hashes of tokens only, grouped in rotation families.
-- ---------------------------------------------------------------------------
CREATE TABLE user_sessions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- SHA-256 (hex) of the refresh token and of the latest access token.
  refresh_token VARCHAR(500) NOT NULL UNIQUE,
  access_token VARCHAR(500) NOT NULL,
  family_id UUID NOT NULL,
  ip_address INET,
  user_agent TEXT,
  expires_at TIMESTAMPTZ NOT NULL,
  rotated_at TIMESTAMPTZ,
  revoked_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_sessions_user ON user_sessions(user_id);
CREATE INDEX idx_sessions_refresh ON user_sessions(refresh_token);
CREATE INDEX idx_sessions_expires ON user_sessions(expires_at);
CREATE INDEX idx_sessions_family ON user_sessions(family_id);

-- SECURITY DEFINER: the seed means a global purge, not only the rows the
-- signed-in user can see.
CREATE FUNCTION cleanup_expired_sessions_function() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  DELETE FROM user_sessions WHERE expires_at < NOW();
  RETURN NEW;
END;
$$;
CREATE TRIGGER cleanup_expired_sessions
  AFTER INSERT ON user_sessions
  FOR EACH ROW EXECUTE FUNCTION cleanup_expired_sessions_function();

-- ---------------------------------------------------------------------------
-- 3. schedules
-- ---------------------------------------------------------------------------
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
CREATE TRIGGER update_schedules_updated_at
  BEFORE UPDATE ON schedules
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- ---------------------------------------------------------------------------
-- 9. settings (before the schedule trigger, which reads the language)
-- ---------------------------------------------------------------------------
CREATE TABLE settings (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  theme VARCHAR(20) DEFAULT 'light' CHECK (theme IN ('light', 'dark', 'auto')),
  language VARCHAR(10) DEFAULT 'th' CHECK (language IN ('th', 'en')),
  notification_settings JSONB DEFAULT '{"email":true,"push":true,"sms":false}'::jsonb,
  privacy_settings JSONB DEFAULT '{"profileVisibility":"private","showStats":false}'::jsonb,
  weight_unit VARCHAR(10) DEFAULT 'kg' CHECK (weight_unit IN ('kg', 'lbs')),
  distance_unit VARCHAR(10) DEFAULT 'km' CHECK (distance_unit IN ('km', 'miles')),
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE UNIQUE INDEX idx_settings_user ON settings(user_id);
CREATE TRIGGER update_settings_updated_at
  BEFORE UPDATE ON settings
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- ---------------------------------------------------------------------------
-- 8. notifications, partitioned by month of created_at
-- ---------------------------------------------------------------------------
CREATE TABLE notifications (
  id UUID NOT NULL DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  type VARCHAR(50) NOT NULL CHECK (
    type IN ('schedule_created', 'schedule_updated', 'schedule_reminder',
             'workout_logged', 'session_card_created', 'achievement_unlocked',
             'schedule_cancelled', 'roster_invitation', 'roster_accepted',
             'roster_ended', 'program_assigned', 'security_alert', 'webhook_disabled')
  ),
  title VARCHAR(255) NOT NULL,
  message TEXT NOT NULL,
  resource_type VARCHAR(50),
  resource_id UUID,
  is_read BOOLEAN DEFAULT FALSE,
  read_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX idx_notifications_user ON notifications(user_id);
CREATE INDEX idx_notifications_type ON notifications(type);
CREATE INDEX idx_notifications_read ON notifications(is_read);
CREATE INDEX idx_notifications_created ON notifications(created_at DESC);
CREATE INDEX idx_notifications_resource ON notifications(resource_type, resource_id);
-- The inbox (newest first, keyset) and the unread badge.
CREATE INDEX idx_notifications_user_created ON notifications(user_id, created_at DESC, id DESC);
CREATE INDEX idx_notifications_user_unread ON notifications(user_id) WHERE read_at IS NULL;
CREATE TABLE notifications_default PARTITION OF notifications DEFAULT;

-- The seed's notification, in the trainee's language (Thai unless they
-- chose English). SECURITY DEFINER: it writes another user's inbox.
CREATE FUNCTION create_schedule_notification() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  lang text;
BEGIN
  SELECT s.language INTO lang FROM settings s WHERE s.user_id = NEW.trainee_id;
  IF lang = 'en' THEN
    INSERT INTO notifications (user_id, type, title, message, resource_type, resource_id)
    VALUES (NEW.trainee_id, 'schedule_created', 'New appointment',
            CONCAT('You have a new training session: ', NEW.title, ' on ', NEW.date),
            'schedules', NEW.id);
  ELSE
    INSERT INTO notifications (user_id, type, title, message, resource_type, resource_id)
    VALUES (NEW.trainee_id, 'schedule_created', 'นัดหมายใหม่',
            CONCAT('คุณมีนัดฝึกใหม่: ', NEW.title, ' วันที่ ', NEW.date),
            'schedules', NEW.id);
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER notify_schedule_created
  AFTER INSERT ON schedules
  FOR EACH ROW EXECUTE FUNCTION create_schedule_notification();

-- ---------------------------------------------------------------------------
-- 4. workouts, partitioned by month of date
-- ---------------------------------------------------------------------------
-- The summary DESIGN.md defines, computed from the exercises array. Missing
-- or non-numeric numbers count as 0.
CREATE FUNCTION jsonb_number(value jsonb) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(value) = 'number' THEN value::text::numeric ELSE 0 END
$$;

CREATE FUNCTION workout_summary(exercises jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH ex AS (
    SELECT e.value AS exercise, e.value->>'type' AS type
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(exercises) = 'array'
                                     THEN exercises ELSE '[]'::jsonb END) AS e(value)
  ), sets AS (
    SELECT ex.type, s.value AS set
      FROM ex, jsonb_array_elements(CASE WHEN jsonb_typeof(ex.exercise->'sets') = 'array'
                                         THEN ex.exercise->'sets' ELSE '[]'::jsonb END) AS s(value)
  ), set_totals AS (
    SELECT count(*) AS total_sets,
           COALESCE(sum(jsonb_number(set->'reps')), 0) AS total_reps,
           COALESCE(sum(jsonb_number(set->'weight') * jsonb_number(set->'reps'))
                      FILTER (WHERE type = 'weight_training'), 0) AS total_weight,
           COALESCE(sum(jsonb_number(set->'distance')), 0) AS total_distance,
           COALESCE(sum(jsonb_number(set->'duration'))
                      FILTER (WHERE type IN ('cardio', 'flexibility')), 0) AS total_duration,
           COALESCE(sum(jsonb_number(set->'calories')), 0) AS total_calories
      FROM sets
  ), exercise_totals AS (
    SELECT count(*) AS exercise_count,
           count(*) FILTER (WHERE type = 'weight_training') AS weight_training,
           count(*) FILTER (WHERE type = 'cardio') AS cardio,
           count(*) FILTER (WHERE type = 'flexibility') AS flexibility
      FROM ex
  )
  SELECT jsonb_build_object(
    'totalSets', st.total_sets,
    'totalReps', st.total_reps,
    'totalWeight', st.total_weight,
    'totalDistance', st.total_distance,
    'totalDuration', st.total_duration,
    'totalCalories', st.total_calories,
    'exerciseCount', et.exercise_count,
    'typeBreakdown', jsonb_build_object(
      'weight_training', et.weight_training,
      'cardio', et.cardio,
      'flexibility', et.flexibility))
  FROM set_totals st, exercise_totals et
$$;

CREATE TABLE workouts (
  id UUID NOT NULL DEFAULT gen_random_uuid(),
  trainee_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  trainer_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  schedule_id UUID REFERENCES schedules(id) ON DELETE SET NULL,
  date DATE NOT NULL,
  duration INTEGER NOT NULL CHECK (duration >= 0),
  exercises JSONB NOT NULL CHECK (jsonb_typeof(exercises) = 'array'),
  summary JSONB NOT NULL GENERATED ALWAYS AS (workout_summary(exercises)) STORED,
  notes TEXT,
  rating INTEGER CHECK (rating >= 1 AND rating <= 5),
  mood VARCHAR(50),
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW(),
  PRIMARY KEY (id, date)
) PARTITION BY RANGE (date);
CREATE INDEX idx_workouts_trainee ON workouts(trainee_id);
CREATE INDEX idx_workouts_trainer ON workouts(trainer_id);
CREATE INDEX idx_workouts_schedule ON workouts(schedule_id);
CREATE INDEX idx_workouts_date ON workouts(date);
CREATE INDEX idx_workouts_rating ON workouts(rating);
CREATE INDEX idx_workouts_exercises ON workouts USING GIN (exercises);
CREATE INDEX idx_workouts_summary ON workouts USING GIN (summary);
-- A trainee's history, newest first (keyset on date, id).
CREATE INDEX idx_workouts_trainee_date ON workouts(trainee_id, date DESC, id DESC);
CREATE TABLE workouts_default PARTITION OF workouts DEFAULT;
CREATE TRIGGER update_workouts_updated_at
  BEFORE UPDATE ON workouts
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- ---------------------------------------------------------------------------
-- 5. exercises
-- ---------------------------------------------------------------------------
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
CREATE TRIGGER update_exercises_updated_at
  BEFORE UPDATE ON exercises
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- ---------------------------------------------------------------------------
-- 6. session_cards; workout_date keeps the foreign key to the partitioned
-- workouts table enforceable.
-- ---------------------------------------------------------------------------
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
CREATE TRIGGER update_session_cards_updated_at
  BEFORE UPDATE ON session_cards
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- ---------------------------------------------------------------------------
-- 7. body_weight_entries
-- ---------------------------------------------------------------------------
CREATE TABLE body_weight_entries (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  trainee_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  weight DECIMAL(5,2) NOT NULL CHECK (weight > 0),
  date DATE NOT NULL,
  bmi DECIMAL(5,2),
  body_fat_percentage DECIMAL(5,2) CHECK (body_fat_percentage >= 0 AND body_fat_percentage <= 100),
  muscle_mass DECIMAL(5,2) CHECK (muscle_mass >= 0),
  notes TEXT,
  created_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_body_weight_trainee ON body_weight_entries(trainee_id);
CREATE INDEX idx_body_weight_date ON body_weight_entries(date);
CREATE UNIQUE INDEX idx_body_weight_unique ON body_weight_entries(trainee_id, date);

-- BMI = weight / (height in m)^2, from the trainee's height at write time.
CREATE FUNCTION compute_body_weight_bmi() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  h numeric;
BEGIN
  SELECT u.height INTO h FROM users u WHERE u.id = NEW.trainee_id;
  IF h IS NULL OR h = 0 THEN
    NEW.bmi = NULL;
  ELSE
    NEW.bmi = round(NEW.weight / ((h / 100) * (h / 100)), 2);
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER compute_bmi
  BEFORE INSERT OR UPDATE OF weight, trainee_id, bmi ON body_weight_entries
  FOR EACH ROW EXECUTE FUNCTION compute_body_weight_bmi();

-- users.weight follows the newest entry (by date), also after a late entry
-- for an earlier day, an update or a delete.
CREATE FUNCTION update_user_current_weight() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  affected uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    affected = OLD.trainee_id;
  ELSE
    affected = NEW.trainee_id;
  END IF;
  UPDATE users
     SET weight = (SELECT b.weight FROM body_weight_entries b
                    WHERE b.trainee_id = affected ORDER BY b.date DESC LIMIT 1),
         updated_at = NOW()
   WHERE id = affected;
  IF TG_OP = 'UPDATE' AND OLD.trainee_id <> NEW.trainee_id THEN
    UPDATE users
       SET weight = (SELECT b.weight FROM body_weight_entries b
                      WHERE b.trainee_id = OLD.trainee_id ORDER BY b.date DESC LIMIT 1),
           updated_at = NOW()
     WHERE id = OLD.trainee_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER update_user_weight_on_insert
  AFTER INSERT ON body_weight_entries
  FOR EACH ROW EXECUTE FUNCTION update_user_current_weight();
CREATE TRIGGER update_user_weight_on_change
  AFTER UPDATE OR DELETE ON body_weight_entries
  FOR EACH ROW EXECUTE FUNCTION update_user_current_weight();

-- ---------------------------------------------------------------------------
-- 10. audit_logs, partitioned by month of created_at
-- ---------------------------------------------------------------------------
CREATE TABLE audit_logs (
  id UUID NOT NULL DEFAULT gen_random_uuid(),
  user_id UUID REFERENCES users(id) ON DELETE SET NULL,
  user_email VARCHAR(255),
  action VARCHAR(100) NOT NULL,
  resource_type VARCHAR(50) NOT NULL,
  resource_id UUID,
  -- The trainee (or user) whose data the row is about: who may read it.
  subject_user_id UUID,
  old_values JSONB,
  new_values JSONB,
  ip_address INET,
  user_agent TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX idx_audit_logs_user ON audit_logs(user_id);
CREATE INDEX idx_audit_logs_action ON audit_logs(action);
CREATE INDEX idx_audit_logs_resource ON audit_logs(resource_type, resource_id);
CREATE INDEX idx_audit_logs_created ON audit_logs(created_at DESC);
CREATE INDEX idx_audit_logs_subject ON audit_logs(subject_user_id, created_at DESC);
CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT;

-- ---------------------------------------------------------------------------
-- 11. api_rate_limits: one row per key and fixed window.
-- ---------------------------------------------------------------------------
CREATE TABLE api_rate_limits (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID REFERENCES users(id) ON DELETE CASCADE,
  ip_address INET,
  endpoint VARCHAR(255) NOT NULL,
  requests_count INTEGER DEFAULT 1,
  window_start TIMESTAMPTZ DEFAULT NOW(),
  created_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_rate_limits_user ON api_rate_limits(user_id, window_start);
CREATE INDEX idx_rate_limits_ip ON api_rate_limits(ip_address, window_start);
CREATE INDEX idx_rate_limits_endpoint ON api_rate_limits(endpoint, window_start);
-- The conflict target of the limiter's single INSERT ... ON CONFLICT.
CREATE UNIQUE INDEX idx_rate_limits_bucket
  ON api_rate_limits(endpoint, user_id, ip_address, window_start) NULLS NOT DISTINCT;

-- ---------------------------------------------------------------------------
-- 12. webhooks and their deliveries; the event outbox
-- ---------------------------------------------------------------------------
CREATE TABLE webhooks (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  events TEXT[] NOT NULL,
  secret VARCHAR(255) NOT NULL,
  description VARCHAR(255),
  is_active BOOLEAN DEFAULT TRUE,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  disabled_reason TEXT,
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW(),
  CONSTRAINT webhooks_events_not_empty CHECK (cardinality(events) > 0)
);
CREATE INDEX idx_webhooks_user ON webhooks(user_id);
CREATE INDEX idx_webhooks_active ON webhooks(is_active);
CREATE TRIGGER update_webhooks_updated_at
  BEFORE UPDATE ON webhooks
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

CREATE TABLE event_outbox (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  event_type VARCHAR(100) NOT NULL,
  payload JSONB NOT NULL,
  -- The users whose webhooks may receive the event.
  audience UUID[] NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  dispatched_at TIMESTAMPTZ
);
CREATE INDEX idx_event_outbox_pending ON event_outbox(created_at) WHERE dispatched_at IS NULL;

CREATE TABLE webhook_deliveries (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id UUID NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_id UUID NOT NULL,
  event_type VARCHAR(100) NOT NULL,
  payload JSONB NOT NULL,
  attempt INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
  status VARCHAR(20) NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'succeeded', 'failed')),
  response_code INTEGER,
  duration_ms INTEGER CHECK (duration_ms >= 0),
  error TEXT,
  next_attempt_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_webhook_deliveries_webhook ON webhook_deliveries(webhook_id, created_at DESC, id DESC);
CREATE INDEX idx_webhook_deliveries_event ON webhook_deliveries(event_id);

-- ---------------------------------------------------------------------------
-- Idempotency-Key on POST: one stored response per user and key.
-- ---------------------------------------------------------------------------
CREATE TABLE idempotency_keys (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key VARCHAR(255) NOT NULL,
  request_method VARCHAR(10) NOT NULL,
  request_path TEXT NOT NULL,
  request_hash VARCHAR(64) NOT NULL,
  status VARCHAR(20) NOT NULL DEFAULT 'in_flight' CHECK (status IN ('in_flight', 'completed')),
  response_status INTEGER,
  response_headers JSONB,
  response_body BYTEA,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  expires_at TIMESTAMPTZ NOT NULL DEFAULT NOW() + INTERVAL '24 hours'
);
CREATE UNIQUE INDEX idx_idempotency_keys_user_key ON idempotency_keys(user_id, key);
CREATE INDEX idx_idempotency_keys_expires ON idempotency_keys(expires_at);

-- ---------------------------------------------------------------------------
-- 13-15. templates and programs
-- ---------------------------------------------------------------------------
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
CREATE TRIGGER update_exercise_templates_updated_at
  BEFORE UPDATE ON exercise_templates
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

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
CREATE TRIGGER update_program_templates_updated_at
  BEFORE UPDATE ON program_templates
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

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
CREATE TRIGGER update_trainee_programs_updated_at
  BEFORE UPDATE ON trainee_programs
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- ---------------------------------------------------------------------------
-- Monthly partitions. A month is created only while the DEFAULT partition
-- holds none of its rows (moving rows out of DEFAULT would fire the foreign
-- keys' ON DELETE actions); such rows simply stay in DEFAULT.
-- ---------------------------------------------------------------------------
CREATE FUNCTION create_month_partition(parent regclass, month_start date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  parent_schema text;
  parent_name text;
  key_column text;
  lower_bound text;
  upper_bound text;
  partition_name text;
  waiting boolean;
BEGIN
  -- Every name is schema-qualified: callers (the worker) may have another
  -- schema first in their search_path.
  SELECT n.nspname, c.relname INTO parent_schema, parent_name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = parent;
  month_start := date_trunc('month', month_start)::date;
  partition_name := format('%s_%s', parent_name, to_char(month_start, 'YYYY_MM'));
  IF to_regclass(format('%I.%I', parent_schema, partition_name)) IS NOT NULL THEN
    RETURN false;
  END IF;
  SELECT a.attname INTO key_column
    FROM pg_partitioned_table p
    JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
   WHERE p.partrelid = parent;
  IF parent_name = 'workouts' THEN
    lower_bound := month_start::text;
    upper_bound := (month_start + interval '1 month')::date::text;
  ELSE
    lower_bound := month_start::text || ' 00:00:00+00';
    upper_bound := (month_start + interval '1 month')::date::text || ' 00:00:00+00';
  END IF;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE %I >= %L AND %I < %L)',
                 parent_schema, parent_name || '_default', key_column, lower_bound,
                 key_column, upper_bound)
    INTO waiting;
  IF waiting THEN
    RAISE NOTICE 'rows for % are in %_default; partition % not created',
      to_char(month_start, 'YYYY-MM'), parent_name, partition_name;
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                 parent_schema, partition_name, parent, lower_bound, upper_bound);
  RETURN true;
END;
$$;

CREATE FUNCTION ensure_partitions(months_back integer, months_ahead integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  created integer := 0;
  parent regclass;
  m integer;
BEGIN
  FOREACH parent IN ARRAY ARRAY['public.workouts'::regclass, 'public.notifications'::regclass,
                                'public.audit_logs'::regclass]
  LOOP
    FOR m IN -months_back .. months_ahead LOOP
      IF create_month_partition(parent, (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => m))::date) THEN
        created := created + 1;
      END IF;
    END LOOP;
  END LOOP;
  RETURN created;
END;
$$;

SELECT ensure_partitions(3, 3);

-- ---------------------------------------------------------------------------
-- trainee_stats. The seed joined workouts and schedules in one go, which
-- multiplies each workout by the trainee's schedules; aggregate each table
-- on its own, then join.
-- ---------------------------------------------------------------------------
CREATE MATERIALIZED VIEW trainee_stats AS
SELECT
  t.id,
  t.name,
  COALESCE(w.total_workouts, 0)::bigint AS total_workouts,
  COALESCE(s.total_sessions, 0)::bigint AS total_sessions,
  COALESCE(s.completed_sessions, 0)::bigint AS completed_sessions,
  w.avg_rating,
  COALESCE(w.rated_workouts, 0)::bigint AS rated_workouts,
  COALESCE(w.total_weight_lifted, 0)::numeric AS total_weight_lifted,
  w.last_workout_date,
  now() AS refreshed_at
FROM users t
LEFT JOIN (
  SELECT trainee_id,
         count(*) AS total_workouts,
         avg(rating) AS avg_rating,
         count(rating) AS rated_workouts,
         sum((summary->>'totalWeight')::numeric) AS total_weight_lifted,
         max(date) AS last_workout_date
    FROM workouts GROUP BY trainee_id
) w ON w.trainee_id = t.id
LEFT JOIN (
  SELECT trainee_id,
         count(*) AS total_sessions,
         count(*) FILTER (WHERE status = 'completed') AS completed_sessions
    FROM schedules GROUP BY trainee_id
) s ON s.trainee_id = t.id
WHERE t.role = 'trainee';
-- REFRESH ... CONCURRENTLY needs a unique index without a WHERE clause.
CREATE UNIQUE INDEX idx_trainee_stats_id ON trainee_stats(id);
