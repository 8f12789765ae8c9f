-- Undo 0005.
DROP FUNCTION release_rate_limit(text, uuid, inet, timestamptz, integer);
DROP FUNCTION claim_rate_limit(text, uuid, inet, integer, integer);

DROP INDEX idx_audit_logs_user_created;
DROP INDEX idx_audit_logs_subject;
CREATE INDEX idx_audit_logs_subject ON audit_logs(subject_user_id, created_at DESC);

DROP TRIGGER personal_records_on_workout_delete ON workouts;
DROP TRIGGER personal_records_on_workout_update ON workouts;
DROP TRIGGER personal_records_on_workout_insert ON workouts;
DROP FUNCTION rebuild_touched_personal_records();
DROP FUNCTION weight_training_names(jsonb);
DROP FUNCTION merge_personal_records();
DROP FUNCTION rebuild_personal_records(uuid[], text[]);
DROP FUNCTION merge_most_reps(jsonb, jsonb);
DROP FUNCTION personal_record_bests(jsonb);
DROP TABLE personal_records;
