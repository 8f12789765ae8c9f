-- Rate limits (seed table 11): one counter row per key and fixed window.
--   table     api_rate_limits
--   indexes   idx_rate_limits_user, _ip, _endpoint; idx_rate_limits_bucket
--             (unique), the conflict target of hit_rate_limit()
--   functions hit_rate_limit(): one atomic counter hit
--   access    anonymous callers are counted by IP address, signed-in ones
--             by user

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
REVOKE ALL ON FUNCTION hit_rate_limit(text, uuid, inet, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hit_rate_limit(text, uuid, inet, integer) TO spotter_app;

SELECT pg_temp.open_to_app('api_rate_limits', 'SELECT, INSERT, UPDATE');
CREATE POLICY api_rate_limits_own_or_anonymous ON api_rate_limits FOR ALL TO spotter_app
  USING (user_id IS NULL OR user_id = current_user_id())
  WITH CHECK (user_id IS NULL OR user_id = current_user_id());
