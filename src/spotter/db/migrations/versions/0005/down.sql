-- Undo 0005.
SELECT 1;
