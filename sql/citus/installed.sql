-- Whether this database has the Citus extension (healthsink citus distribute refuses to run without it).
SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS installed
