-- Notifications (seed table 8): a user's inbox, partitioned by month of
-- created_at.
--   table     notifications (PARTITION BY RANGE (created_at)) and
--             notifications_default; monthly partitions come from
--             ensure_partitions() (85_partitions.sql)
--   indexes   the seed's idx_notifications_*; the inbox
--             (idx_notifications_user_created) and the unread badge
--             (idx_notifications_user_unread)
--   triggers  notify_schedule_created (on schedules): the trainee's "new
--             appointment"; announce_notification: NOTIFY for the
--             server-sent-event streams
--   access    a user reads, marks and deletes their own; writes to
--             themselves or to people they have a roster link with

CREATE TABLE notifications (
  id UUID NOT NULL DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  type VARCHAR(50) NOT NULL CHECK (
    type IN ('schedule_created', 'schedule_updated', 'schedule_reminder',
             'workout_logged', 'session_card_created', 'achievement_unlocked',
             'schedule_cancelled', 'roster_invitation', 'roster_accepted',
             'roster_ended', 'program_assigned', 'security_alert', 'webhook_disabled')
  ),
  title VARCHAR(255) NOT NULL,
  message TEXT NOT NULL,
  resource_type VARCHAR(50),
  resource_id UUID,
  is_read BOOLEAN DEFAULT FALSE,
  read_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX idx_notifications_user ON notifications(user_id);
CREATE INDEX idx_notifications_type ON notifications(type);
CREATE INDEX idx_notifications_read ON notifications(is_read);
CREATE INDEX idx_notifications_created ON notifications(created_at DESC);
CREATE INDEX idx_notifications_resource ON notifications(resource_type, resource_id);
-- The inbox (newest first, keyset) and the unread badge.
CREATE INDEX idx_notifications_user_created ON notifications(user_id, created_at DESC, id DESC);
CREATE INDEX idx_notifications_user_unread ON notifications(user_id) WHERE read_at IS NULL;
CREATE TABLE notifications_default PARTITION OF notifications DEFAULT;

-- The seed's notification, in the trainee's language (Thai unless they
-- chose English). SECURITY DEFINER: it writes another user's inbox.
CREATE FUNCTION create_schedule_notification() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  lang text;
BEGIN
  SELECT s.language INTO lang FROM settings s WHERE s.user_id = NEW.trainee_id;
  IF lang = 'en' THEN
    INSERT INTO notifications (user_id, type, title, message, resource_type, resource_id)
    VALUES (NEW.trainee_id, 'schedule_created', 'New appointment',
            CONCAT('You have a new training session: ', NEW.title, ' on ', NEW.date),
            'schedules', NEW.id);
  ELSE
    INSERT INTO notifications (user_id, type, title, message, resource_type, resource_id)
    VALUES (NEW.trainee_id, 'schedule_created', 'นัดหมายใหม่',
            CONCAT('คุณมีนัดฝึกใหม่: ', NEW.title, ' วันที่ ', NEW.date),
            'schedules', NEW.id);
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER notify_schedule_created
  AFTER INSERT ON schedules
  FOR EACH ROW EXECUTE FUNCTION create_schedule_notification();

-- New notifications are announced on a channel, so every API process can
-- push them to its server-sent-event streams.
CREATE FUNCTION announce_notification() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('spotter_notifications',
                    json_build_object('userId', NEW.user_id, 'id', NEW.id)::text);
  RETURN NULL;
END;
$$;
CREATE TRIGGER announce_notification
  AFTER INSERT ON notifications
  FOR EACH ROW EXECUTE FUNCTION announce_notification();

SELECT pg_temp.open_to_app('notifications', 'SELECT, INSERT, UPDATE, DELETE');
CREATE POLICY notifications_own ON notifications FOR SELECT TO spotter_app
  USING (user_id = current_user_id());
CREATE POLICY notifications_update_own ON notifications FOR UPDATE TO spotter_app
  USING (user_id = current_user_id()) WITH CHECK (user_id = current_user_id());
CREATE POLICY notifications_delete_own ON notifications FOR DELETE TO spotter_app
  USING (user_id = current_user_id());
CREATE POLICY notifications_insert_linked ON notifications FOR INSERT TO spotter_app
  WITH CHECK (user_id = current_user_id() OR user_id IN (SELECT my_linked_user_ids()));
