-- Settings (seed table 9): one row of preferences per user.
--   table     settings
--   indexes   idx_settings_user (unique)
--   triggers  update_settings_updated_at
--   functions preferred_language(): a user's language, for texts written to
--             them by someone else
--   access    spotter_app reads and writes its own row

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
SELECT pg_temp.track_updated_at('settings');

CREATE FUNCTION preferred_language(target uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT COALESCE((SELECT s.language FROM settings s WHERE s.user_id = target), 'th')
$$;
REVOKE ALL ON FUNCTION preferred_language(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION preferred_language(uuid) TO spotter_app;

SELECT pg_temp.open_to_app('settings', 'SELECT, INSERT, UPDATE, DELETE');
CREATE POLICY settings_own ON settings FOR ALL TO spotter_app
  USING (user_id = current_user_id()) WITH CHECK (user_id = current_user_id());
