-- Stats: per-trainee totals, last because it reads users, workouts and
-- schedules.
--   view      trainee_stats (materialized; the worker refreshes it). The
--             seed joined workouts and schedules in one go, which multiplies
--             each workout by the trainee's schedules; each table is
--             aggregated on its own, then joined.
--   indexes   idx_trainee_stats_id (unique, for REFRESH ... CONCURRENTLY)
--   functions trainee_stats_for(): the server's only way to read it
--   access    spotter_app has no privilege on the view itself

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

-- trainee_stats has no row security of its own (a materialized view cannot);
-- this function is the only way the server reads it, for visible trainees.
CREATE FUNCTION trainee_stats_for(trainee uuid)
RETURNS SETOF trainee_stats
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT * FROM trainee_stats
   WHERE id = trainee
     AND (trainee = current_user_id() OR trainee IN (SELECT my_active_trainee_ids()))
$$;
REVOKE ALL ON FUNCTION trainee_stats_for(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION trainee_stats_for(uuid) TO spotter_app;
