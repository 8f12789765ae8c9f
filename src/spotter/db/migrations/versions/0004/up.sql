-- Idempotency keys that recover from faults (issue 9).
-- (filled in by the change that needs it)
SELECT 1;
