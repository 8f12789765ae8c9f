-- Users (seed table 1): accounts of trainers and trainees.
--   table     users, with ical_token_hash (the hashed secret of a user's
--             iCal feed)
--   indexes   idx_users_email, _google_id, _role, _active
--   triggers  update_users_updated_at
--   functions user_by_ical_token(): finds the feed's owner before the
--             request has an identity
--   access    spotter_app reads, writes and deletes its own row; reading
--             linked people is users_select_visible in 20_roster.sql
--
-- Triggers on users that belong to other domains: claim_invitations_on_signup
-- (20_roster.sql) and revoke_sessions_on_deactivation (15_auth.sql).

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
  -- iCal feeds: a secret per user, stored hashed; the feed URL carries it.
  ical_token_hash VARCHAR(64) UNIQUE,
  -- Emails are stored trimmed and lower-cased so UNIQUE compares them
  -- case-insensitively.
  CONSTRAINT users_email_normalized CHECK (email = lower(btrim(email))),
  CONSTRAINT users_name_not_blank CHECK (btrim(name) <> '')
);
CREATE INDEX idx_users_email ON users(email);
CREATE INDEX idx_users_google_id ON users(google_id);
CREATE INDEX idx_users_role ON users(role);
CREATE INDEX idx_users_active ON users(is_active);
SELECT pg_temp.track_updated_at('users');

CREATE FUNCTION user_by_ical_token(token_hash text) RETURNS TABLE (id uuid, role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id, u.role FROM users u
   WHERE u.ical_token_hash = token_hash AND u.is_active IS NOT FALSE
$$;
REVOKE ALL ON FUNCTION user_by_ical_token(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION user_by_ical_token(text) TO spotter_app;

SELECT pg_temp.open_to_app('users', 'SELECT, INSERT, UPDATE, DELETE');
-- Oneself; registration sets the new id as the identity before inserting.
CREATE POLICY users_insert_self ON users FOR INSERT TO spotter_app
  WITH CHECK (id = current_user_id());
CREATE POLICY users_update_self ON users FOR UPDATE TO spotter_app
  USING (id = current_user_id()) WITH CHECK (id = current_user_id());
CREATE POLICY users_delete_self ON users FOR DELETE TO spotter_app
  USING (id = current_user_id());
