-- Sessions that end everywhere at once, and idempotency keys that recover
-- from faults (issue 9).
--   functions authenticate_request(): the live principal of an access token
--             in one query
--   triggers  announce_session_change (on user_sessions and users): NOTIFY
--             so open notification streams re-check their session
--   idempotency_keys: kept 7 days; no more committed "in flight" markers

-- The role comes from the account, never from the token's claim, and the
-- session must still be live: its refresh family neither revoked, rotated
-- away nor expired, its user neither deactivated nor deleted. On success it
-- also sets the request's identity (user id and the account's role), so a
-- request authenticates in one round trip. SECURITY DEFINER: it reads the
-- session and the user before the transaction has an identity. It grants
-- nothing the app role could not do already (it sets the same settings the
-- server sets), and only for a session that exists.
CREATE FUNCTION authenticate_request(session_family uuid, claimed_user uuid) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  account_role text;
BEGIN
  SELECT u.role INTO account_role
    FROM users u
   WHERE u.id = claimed_user AND u.is_active IS NOT FALSE
     AND EXISTS (SELECT 1 FROM user_sessions s
                  WHERE s.family_id = session_family AND s.user_id = claimed_user
                    AND s.revoked_at IS NULL AND s.rotated_at IS NULL
                    AND s.expires_at > now());
  IF account_role IS NOT NULL THEN
    PERFORM set_config('spotter.user_id', claimed_user::text, true),
            set_config('spotter.user_role', account_role, true);
  END IF;
  RETURN account_role;
END;
$$;
REVOKE ALL ON FUNCTION authenticate_request(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION authenticate_request(uuid, uuid) TO spotter_app;

-- Sign-out, revocation (password change, reuse detection), deactivation,
-- deletion and a change of role are announced with the user's id, so every
-- API process re-checks that user's open streams at once. NOTIFY folds
-- identical payloads of one transaction into one.
CREATE FUNCTION announce_session_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('spotter_sessions', COALESCE(NEW.id, OLD.id)::text);
  ELSE
    PERFORM pg_notify('spotter_sessions', COALESCE(NEW.user_id, OLD.user_id)::text);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER announce_session_revoked
  AFTER UPDATE OF revoked_at ON user_sessions
  FOR EACH ROW WHEN (NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL)
  EXECUTE FUNCTION announce_session_change();
CREATE TRIGGER announce_session_deleted
  AFTER DELETE ON user_sessions
  FOR EACH ROW EXECUTE FUNCTION announce_session_change();
CREATE TRIGGER announce_account_changed
  AFTER UPDATE OF is_active, role ON users
  FOR EACH ROW WHEN (OLD.is_active IS DISTINCT FROM NEW.is_active OR OLD.role <> NEW.role)
  EXECUTE FUNCTION announce_session_change();

-- A key is now held by the request's own transaction (it dies with the
-- connection), and written once, completed, in the same commit as the
-- request's writes. Markers left "in flight" by the old scheme belong to
-- requests that died: release them. Keys live 7 days: the web app's offline
-- queue may resend a workout days later.
DELETE FROM idempotency_keys WHERE status = 'in_flight';
ALTER TABLE idempotency_keys ALTER COLUMN status SET DEFAULT 'completed';
ALTER TABLE idempotency_keys ALTER COLUMN expires_at SET DEFAULT NOW() + INTERVAL '7 days';
UPDATE idempotency_keys SET expires_at = created_at + INTERVAL '7 days'
 WHERE expires_at < created_at + INTERVAL '7 days';
