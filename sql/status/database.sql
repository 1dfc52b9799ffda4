-- The database's size on disk and the server's version.
SELECT pg_database_size(current_database()) AS bytes, current_setting('server_version') AS version
