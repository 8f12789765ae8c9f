-- Partitions: the first monthly partitions of workouts, notifications and
-- audit_logs, three months back and ahead, now that all three tables exist.
-- ensure_partitions() is in 00_foundation.sql; the worker's periodic job
-- keeps making months ahead.

SELECT ensure_partitions(3, 3);
