-- The server processes serving this database (their CPU time is read from /proc when they are local).
SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
