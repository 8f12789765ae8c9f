DROP POLICY IF EXISTS exercises_delete_own ON exercises;
REVOKE DELETE ON exercises FROM spotter_app;
DROP TRIGGER IF EXISTS revoke_sessions_on_deactivation ON users;
DROP FUNCTION IF EXISTS revoke_sessions_of_inactive_user(), hit_rate_limit(text, uuid, inet, integer),
  preferred_language(uuid), auth_session_by_refresh(text), auth_user_by_google(text, text),
  auth_user_by_email(text);
