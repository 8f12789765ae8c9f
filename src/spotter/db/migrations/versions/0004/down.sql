-- Undo 0004/up.sql.
SELECT 1;
