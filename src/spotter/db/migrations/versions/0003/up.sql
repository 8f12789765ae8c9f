-- Privacy and search: private exercises, roster consent enforced by the database, spelling-tolerant exercise search (issue 9).
-- (filled in by the change that needs it)
SELECT 1;
