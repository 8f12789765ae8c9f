-- Undo 0003/up.sql.
SELECT 1;
