-- Email verification and password-reset tokens (issue 9).
-- (filled in by the change that needs it)
SELECT 1;
