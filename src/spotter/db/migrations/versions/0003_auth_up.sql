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

-- A user's language, for texts written to them by someone else.
CREATE FUNCTION preferred_language(target uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT COALESCE((SELECT s.language FROM settings s WHERE s.user_id = target), 'th')
$$;

-- One fixed-window counter hit: a single INSERT ... ON CONFLICT ... RETURNING,
-- atomic under any concurrency. Returns the count in the window including
-- this hit, and the window's start.
CREATE FUNCTION hit_rate_limit(bucket text, for_user uuid, for_ip inet, window_seconds integer)
RETURNS TABLE (requests_count integer, window_start timestamptz)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO api_rate_limits AS r (user_id, ip_address, endpoint, window_start, requests_count)
  VALUES (for_user, for_ip, bucket,
          to_timestamp(floor(extract(epoch FROM clock_timestamp()) / window_seconds)
                       * window_seconds),
          1)
  ON CONFLICT (endpoint, user_id, ip_address, window_start)
  DO UPDATE SET requests_count = r.requests_count + 1
  RETURNING r.requests_count, r.window_start
$$;

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

REVOKE ALL ON FUNCTION auth_user_by_email(text), auth_user_by_google(text, text),
  auth_session_by_refresh(text), preferred_language(uuid),
  hit_rate_limit(text, uuid, inet, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_user_by_email(text), auth_user_by_google(text, text),
  auth_session_by_refresh(text), preferred_language(uuid),
  hit_rate_limit(text, uuid, inet, integer) TO spotter_app;

-- Deleting an account removes the trainer's own exercises first (the seed's
-- foreign key has no ON DELETE action).
GRANT DELETE ON exercises TO spotter_app;
CREATE POLICY exercises_delete_own ON exercises FOR DELETE TO spotter_app
  USING (created_by = current_user_id());
