-- Body weight (seed table 7): a trainee's weigh-ins, one a day.
--   table     body_weight_entries
--   indexes   idx_body_weight_trainee, _date, _unique (trainee, date)
--   triggers  compute_bmi (BMI from the trainee's height),
--             update_user_weight_on_insert, _on_change (users.weight follows
--             the newest entry)
--   access    the trainee and their active trainers read and write

CREATE TABLE body_weight_entries (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  trainee_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  weight DECIMAL(5,2) NOT NULL CHECK (weight > 0),
  date DATE NOT NULL,
  bmi DECIMAL(5,2),
  body_fat_percentage DECIMAL(5,2) CHECK (body_fat_percentage >= 0 AND body_fat_percentage <= 100),
  muscle_mass DECIMAL(5,2) CHECK (muscle_mass >= 0),
  notes TEXT,
  created_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_body_weight_trainee ON body_weight_entries(trainee_id);
CREATE INDEX idx_body_weight_date ON body_weight_entries(date);
CREATE UNIQUE INDEX idx_body_weight_unique ON body_weight_entries(trainee_id, date);

-- BMI = weight / (height in m)^2, from the trainee's height at write time.
CREATE FUNCTION compute_body_weight_bmi() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  h numeric;
BEGIN
  SELECT u.height INTO h FROM users u WHERE u.id = NEW.trainee_id;
  IF h IS NULL OR h = 0 THEN
    NEW.bmi = NULL;
  ELSE
    NEW.bmi = round(NEW.weight / ((h / 100) * (h / 100)), 2);
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER compute_bmi
  BEFORE INSERT OR UPDATE OF weight, trainee_id, bmi ON body_weight_entries
  FOR EACH ROW EXECUTE FUNCTION compute_body_weight_bmi();

-- users.weight follows the newest entry (by date), also after a late entry
-- for an earlier day, an update or a delete.
CREATE FUNCTION update_user_current_weight() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  affected uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    affected = OLD.trainee_id;
  ELSE
    affected = NEW.trainee_id;
  END IF;
  UPDATE users
     SET weight = (SELECT b.weight FROM body_weight_entries b
                    WHERE b.trainee_id = affected ORDER BY b.date DESC LIMIT 1),
         updated_at = NOW()
   WHERE id = affected;
  IF TG_OP = 'UPDATE' AND OLD.trainee_id <> NEW.trainee_id THEN
    UPDATE users
       SET weight = (SELECT b.weight FROM body_weight_entries b
                      WHERE b.trainee_id = OLD.trainee_id ORDER BY b.date DESC LIMIT 1),
           updated_at = NOW()
     WHERE id = OLD.trainee_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER update_user_weight_on_insert
  AFTER INSERT ON body_weight_entries
  FOR EACH ROW EXECUTE FUNCTION update_user_current_weight();
CREATE TRIGGER update_user_weight_on_change
  AFTER UPDATE OR DELETE ON body_weight_entries
  FOR EACH ROW EXECUTE FUNCTION update_user_current_weight();

SELECT pg_temp.open_to_app('body_weight_entries', 'SELECT, INSERT, UPDATE, DELETE');
CREATE POLICY body_weight_own_or_coached ON body_weight_entries FOR ALL TO spotter_app
  USING (trainee_id = current_user_id() OR trainee_id IN (SELECT my_active_trainee_ids()))
  WITH CHECK (trainee_id = current_user_id() OR trainee_id IN (SELECT my_active_trainee_ids()));
