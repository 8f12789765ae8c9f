-- Jobs: the server's one way into the job queue.
--   defer_job()  defers an allowed task inside the caller's transaction
--
-- procrastinate's queue lives in this database, in the schema procrastinate
-- (installed by the revision just before this file runs), so a job deferred
-- inside a request's transaction exists only if that transaction commits.
-- The server may defer only the tasks listed here. Webhook deliveries are
-- deferred by the outbox trigger (75_webhooks.sql).

CREATE FUNCTION defer_job(task text, queue text, args jsonb, run_at timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = procrastinate, public, pg_temp AS $$
DECLARE
  ids bigint[];
BEGIN
  IF task NOT IN ('emails.send', 'webhooks.dispatch_event', 'webhooks.ping') THEN
    RAISE EXCEPTION 'task % may not be deferred by the server', task
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  ids := procrastinate.procrastinate_defer_jobs_v1(ARRAY[
    ROW(queue, task, 0, NULL, NULL, args, run_at)::procrastinate.procrastinate_job_to_defer_v1
  ]);
  RETURN ids[1];
END;
$$;
REVOKE ALL ON FUNCTION defer_job(text, text, jsonb, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION defer_job(text, text, jsonb, timestamptz) TO spotter_app;
