-- Auth (seed table 2): sessions, and the lookups sign-in needs.
--   table     user_sessions: hashes of tokens only, grouped in rotation
--             families
--   indexes   idx_sessions_user, _refresh, _expires, _family
--   triggers  cleanup_expired_sessions (on user_sessions),
--             revoke_sessions_on_deactivation (on users)
--   functions auth_user_by_email(), auth_user_by_google(),
--             auth_session_by_refresh(): sign-in lookups
--   access    spotter_app reads and writes its own sessions

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

-- A deactivated user loses every session at once, whoever deactivates them.
CREATE FUNCTION revoke_sessions_of_inactive_user() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE user_sessions SET revoked_at = now()
   WHERE user_id = NEW.id AND revoked_at IS NULL;
  RETURN NEW;
END;
$$;
CREATE TRIGGER revoke_sessions_on_deactivation
  AFTER UPDATE OF is_active ON users
  FOR EACH ROW WHEN (NEW.is_active IS FALSE AND OLD.is_active IS DISTINCT FROM FALSE)
  EXECUTE FUNCTION revoke_sessions_of_inactive_user();

-- Sign-in happens before the request has an identity, so RLS hides the rows
-- it must find. These SECURITY DEFINER functions are the only ways around
-- that, each answering one narrow question. EXECUTE is granted to the app
-- role only.
CREATE FUNCTION auth_user_by_email(lookup_email text)
RETURNS TABLE (id uuid, role text, password_hash text, is_active boolean, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id, u.role, u.password_hash, COALESCE(u.is_active, true), u.name
    FROM users u WHERE u.email = lower(btrim(lookup_email))
$$;

CREATE FUNCTION auth_user_by_google(lookup_google_id text, lookup_email text)
RETURNS TABLE (id uuid, role text, google_id text, is_active boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id, u.role, u.google_id, COALESCE(u.is_active, true)
    FROM users u
   WHERE u.google_id = lookup_google_id OR u.email = lower(btrim(lookup_email))
   ORDER BY (u.google_id = lookup_google_id) DESC NULLS LAST
   LIMIT 1
$$;

CREATE FUNCTION auth_session_by_refresh(token_hash text)
RETURNS TABLE (id uuid, user_id uuid, family_id uuid, expires_at timestamptz,
               rotated_at timestamptz, revoked_at timestamptz, role text, is_active boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT s.id, s.user_id, s.family_id, s.expires_at, s.rotated_at, s.revoked_at,
         u.role, COALESCE(u.is_active, true)
    FROM user_sessions s JOIN users u ON u.id = s.user_id
   WHERE s.refresh_token = token_hash
$$;

REVOKE ALL ON FUNCTION auth_user_by_email(text), auth_user_by_google(text, text),
  auth_session_by_refresh(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_user_by_email(text), auth_user_by_google(text, text),
  auth_session_by_refresh(text) TO spotter_app;

SELECT pg_temp.open_to_app('user_sessions', 'SELECT, INSERT, UPDATE, DELETE');
CREATE POLICY user_sessions_own ON user_sessions FOR ALL TO spotter_app
  USING (user_id = current_user_id()) WITH CHECK (user_id = current_user_id());
