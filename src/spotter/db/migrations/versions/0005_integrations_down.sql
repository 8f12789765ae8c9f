DROP INDEX IF EXISTS idx_webhooks_user_created;
ALTER TABLE webhooks DROP COLUMN IF EXISTS disabled_at;
DROP INDEX IF EXISTS idx_schedules_reminders;
DROP TRIGGER IF EXISTS dispatch_outbox_event ON event_outbox;
DROP FUNCTION IF EXISTS dispatch_outbox_event();
DROP FUNCTION IF EXISTS defer_job(text, text, jsonb, timestamptz);
