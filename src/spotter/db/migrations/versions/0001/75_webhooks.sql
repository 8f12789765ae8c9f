-- Webhooks (seed table 12): users' endpoints, the event outbox, and the
-- deliveries the worker makes.
--   tables    webhooks (with disabled_at: when consecutive failures
--             disabled it), event_outbox (the users whose webhooks may
--             receive each event), webhook_deliveries (one row per attempt)
--   indexes   idx_webhooks_user, _active, _user_created;
--             idx_event_outbox_pending; idx_webhook_deliveries_webhook,
--             _event
--   triggers  update_webhooks_updated_at; dispatch_outbox_event hands each
--             outbox event to the worker at commit (defer_job(),
--             05_jobs.sql)
--   access    spotter_app manages its own webhooks and reads their
--             deliveries; it only inserts into the outbox; only the worker
--             writes deliveries

CREATE TABLE webhooks (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  events TEXT[] NOT NULL,
  secret VARCHAR(255) NOT NULL,
  description VARCHAR(255),
  is_active BOOLEAN DEFAULT TRUE,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  disabled_reason TEXT,
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW(),
  disabled_at TIMESTAMPTZ,
  CONSTRAINT webhooks_events_not_empty CHECK (cardinality(events) > 0)
);
CREATE INDEX idx_webhooks_user ON webhooks(user_id);
CREATE INDEX idx_webhooks_active ON webhooks(is_active);
CREATE INDEX idx_webhooks_user_created ON webhooks (user_id, created_at DESC, id DESC);
SELECT pg_temp.track_updated_at('webhooks');

CREATE TABLE event_outbox (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  event_type VARCHAR(100) NOT NULL,
  payload JSONB NOT NULL,
  -- The users whose webhooks may receive the event.
  audience UUID[] NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  dispatched_at TIMESTAMPTZ
);
CREATE INDEX idx_event_outbox_pending ON event_outbox(created_at) WHERE dispatched_at IS NULL;

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

CREATE TABLE webhook_deliveries (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id UUID NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_id UUID NOT NULL,
  event_type VARCHAR(100) NOT NULL,
  payload JSONB NOT NULL,
  attempt INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
  status VARCHAR(20) NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'succeeded', 'failed')),
  response_code INTEGER,
  duration_ms INTEGER CHECK (duration_ms >= 0),
  error TEXT,
  next_attempt_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_webhook_deliveries_webhook ON webhook_deliveries(webhook_id, created_at DESC, id DESC);
CREATE INDEX idx_webhook_deliveries_event ON webhook_deliveries(event_id);

SELECT pg_temp.open_to_app('webhooks', 'SELECT, INSERT, UPDATE, DELETE');
SELECT pg_temp.open_to_app('event_outbox', 'INSERT');
SELECT pg_temp.open_to_app('webhook_deliveries', 'SELECT');
CREATE POLICY webhooks_own ON webhooks FOR ALL TO spotter_app
  USING (user_id = current_user_id()) WITH CHECK (user_id = current_user_id());
CREATE POLICY event_outbox_insert_signed_in ON event_outbox FOR INSERT TO spotter_app
  WITH CHECK (current_user_id() IS NOT NULL);
CREATE POLICY webhook_deliveries_of_own_webhooks ON webhook_deliveries FOR SELECT TO spotter_app
  USING (webhook_id IN (SELECT w.id FROM webhooks w));
