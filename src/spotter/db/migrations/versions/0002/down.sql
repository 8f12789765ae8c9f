-- Undo 0002/up.sql.
SELECT 1;
