-- Roster (DESIGN.md addition): which trainer coaches which trainee.
--   table     trainer_trainees: an invitation names an email; trainee_id is
--             filled when the invited person has (or later creates) an
--             account
--   indexes   idx_trainer_trainees_open (unique), _trainee, _trainer, _email
--   triggers  update_trainer_trainees_updated_at, resolve_invited_trainee
--             (on trainer_trainees), claim_invitations_on_signup (on users)
--   functions my_active_trainee_ids(), my_linked_user_ids(),
--             my_visible_user_ids(): who the current user may see, used by
--             the policies of most tables
--   access    both parties see and update a link, only a trainer creates
--             one; users_select_visible (on users) lives here because it
--             is defined by the roster

CREATE TABLE trainer_trainees (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  trainer_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  trainee_id UUID REFERENCES users(id) ON DELETE CASCADE,
  invited_email VARCHAR(255) NOT NULL,
  status VARCHAR(20) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'ended')),
  accepted_at TIMESTAMPTZ,
  ended_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CONSTRAINT trainer_trainees_email_normalized CHECK (invited_email = lower(btrim(invited_email))),
  CONSTRAINT trainer_trainees_not_self CHECK (trainee_id IS NULL OR trainee_id <> trainer_id),
  CONSTRAINT trainer_trainees_active_has_trainee CHECK (status <> 'active' OR trainee_id IS NOT NULL)
);
-- At most one open (pending or active) link per trainer and email.
CREATE UNIQUE INDEX idx_trainer_trainees_open ON trainer_trainees(trainer_id, invited_email)
  WHERE status <> 'ended';
CREATE INDEX idx_trainer_trainees_trainee ON trainer_trainees(trainee_id, status);
CREATE INDEX idx_trainer_trainees_trainer ON trainer_trainees(trainer_id, status);
CREATE INDEX idx_trainer_trainees_email ON trainer_trainees(invited_email) WHERE trainee_id IS NULL;
SELECT pg_temp.track_updated_at('trainer_trainees');

-- A new account claims the invitations that were waiting for its email.
CREATE FUNCTION claim_pending_invitations() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE trainer_trainees SET trainee_id = NEW.id
   WHERE trainee_id IS NULL AND invited_email = NEW.email AND status = 'pending'
     AND trainer_id <> NEW.id AND NEW.role = 'trainee';
  RETURN NEW;
END;
$$;
CREATE TRIGGER claim_invitations_on_signup
  AFTER INSERT ON users
  FOR EACH ROW EXECUTE FUNCTION claim_pending_invitations();

-- The trainees whose data the current trainer may see: active links only.
CREATE FUNCTION my_active_trainee_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT trainee_id FROM trainer_trainees
   WHERE trainer_id = current_user_id() AND status = 'active'
$$;

-- Everyone the current user has a roster link with, in any state: they may
-- send each other notifications.
CREATE FUNCTION my_linked_user_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT trainee_id FROM trainer_trainees
   WHERE trainer_id = current_user_id() AND trainee_id IS NOT NULL
  UNION
  SELECT trainer_id FROM trainer_trainees WHERE trainee_id = current_user_id()
$$;

-- The users whose profile the current user may read: a trainer reads active
-- trainees; a trainee reads the trainers who invited them or coach them.
CREATE FUNCTION my_visible_user_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT trainee_id FROM trainer_trainees
   WHERE trainer_id = current_user_id() AND status = 'active'
  UNION
  SELECT trainer_id FROM trainer_trainees
   WHERE trainee_id = current_user_id() AND status IN ('pending', 'active')
$$;

-- An invitation to the email of an existing trainee names that trainee at
-- once; the inviting trainer cannot look users up by email under RLS.
CREATE FUNCTION resolve_invited_trainee() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NEW.trainee_id IS NULL THEN
    SELECT u.id INTO NEW.trainee_id FROM users u
     WHERE u.email = NEW.invited_email AND u.role = 'trainee' AND u.id <> NEW.trainer_id;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER resolve_invited_trainee
  BEFORE INSERT ON trainer_trainees
  FOR EACH ROW EXECUTE FUNCTION resolve_invited_trainee();

SELECT pg_temp.open_to_app('trainer_trainees', 'SELECT, INSERT, UPDATE');
CREATE POLICY trainer_trainees_select_party ON trainer_trainees FOR SELECT TO spotter_app
  USING (trainer_id = current_user_id() OR trainee_id = current_user_id());
CREATE POLICY trainer_trainees_insert_trainer ON trainer_trainees FOR INSERT TO spotter_app
  WITH CHECK (trainer_id = current_user_id() AND current_user_role() = 'trainer');
CREATE POLICY trainer_trainees_update_party ON trainer_trainees FOR UPDATE TO spotter_app
  USING (trainer_id = current_user_id() OR trainee_id = current_user_id())
  WITH CHECK (trainer_id = current_user_id() OR trainee_id = current_user_id());

-- users: oneself, plus the linked people my_visible_user_ids() names.
CREATE POLICY users_select_visible ON users FOR SELECT TO spotter_app
  USING (id = current_user_id() OR id IN (SELECT my_visible_user_ids()));
