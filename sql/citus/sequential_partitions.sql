-- Monthly partitions of a table with a foreign key to a reference table deadlock when Citus creates
-- their shards in parallel: every version of the partition function runs in sequential mode. A function's
-- own SET applies on each call, so new partitions made by the service need nothing else.
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure FROM pg_proc AS p
        WHERE p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'healthsink\_ensure\_month\_partition%'
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET citus.multi_shard_modify_mode = %L', f, 'sequential');
    END LOOP;
END;
$$
