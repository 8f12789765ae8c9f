-- Jobs deferred inside a request's transaction exist only if it commits:
-- procrastinate's queue lives in this database. The server may defer only
-- the tasks listed here.
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

-- Every event written to the outbox is handed to the worker at commit.
CREATE FUNCTION dispatch_outbox_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM defer_job('webhooks.dispatch_event', 'webhooks', jsonb_build_object('event_id', NEW.id));
  RETURN NULL;
END;
$$;
CREATE TRIGGER dispatch_outbox_event
  AFTER INSERT ON event_outbox
  FOR EACH ROW EXECUTE FUNCTION dispatch_outbox_event();

-- Reminders look for confirmed sessions not yet reminded, by start time.
CREATE INDEX idx_schedules_reminders ON schedules (date, start_time)
  WHERE status = 'confirmed' AND reminder_sent IS NOT TRUE;

-- Consecutive failures of an endpoint, and when it was disabled.
ALTER TABLE webhooks ADD COLUMN disabled_at TIMESTAMPTZ;

-- The API reads its own deliveries; only the worker writes them.
CREATE INDEX idx_webhooks_user_created ON webhooks (user_id, created_at DESC, id DESC);
