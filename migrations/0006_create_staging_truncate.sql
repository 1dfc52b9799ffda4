-- healthsink_truncate_staging_v1(tables): TRUNCATE the named staging tables of this session.
-- The merges consume staging with DELETE ... RETURNING: cheap at commit, where ON COMMIT DELETE ROWS
-- truncated every staging table of the session at every commit (about 2 ms a table on a small VM,
-- measured; 4 ms of an 11 ms phone sync). A temp table is never autovacuumed, so the dead rows stay
-- until store/staging.py truncates a table that has had enough rows through it.
-- Names are identifiers, so they are quoted here with format('%I'); only temp tables (pg_temp) are reached.
CREATE FUNCTION healthsink_truncate_staging_v1(tables text[])
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY tables LOOP
        EXECUTE format('TRUNCATE pg_temp.%I', t);
    END LOOP;
END;
$$;
