-- healthsink_clear_staging_v1(deleted, truncated): empty this session's staging tables once a flush's merges
-- have read them: DELETE from `deleted` (a sync's few rows: cheap), TRUNCATE `truncated` (tables that have had
-- enough rows through them that their dead rows should go: a temp table is never autovacuumed). One call, one
-- round trip, whatever the number of tables (store/staging.py).
-- The merges used to consume staging themselves (WITH staged AS (DELETE ... RETURNING)); on Citus that CTE
-- became a subplan whose rows were copied to a file on every worker before the merge ran, 1-2 ms of a merge.
-- Names are identifiers, so they are quoted here with format('%I'); only temp tables (pg_temp) are reached.
CREATE FUNCTION healthsink_clear_staging_v1(deleted text[], truncated text[])
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY deleted LOOP
        EXECUTE format('DELETE FROM pg_temp.%I', t);
    END LOOP;
    FOREACH t IN ARRAY truncated LOOP
        EXECUTE format('TRUNCATE pg_temp.%I', t);
    END LOOP;
END;
$$;
