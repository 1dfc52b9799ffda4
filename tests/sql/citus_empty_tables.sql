-- Before each test on the Citus cluster: what the migrations left. Constraints a test added go; monthly
-- partitions are dropped (the migrations make none; a partition is distributed over every shard, so keeping
-- them would make each TRUNCATE slower with every test), then every table is emptied in one TRUNCATE but
-- the unit tables the migrations filled and yoyo's own.
DO $$
DECLARE
    con record;
    part text;
    tables text;
BEGIN
    -- what a test added to the schema (test_batching.py's test_no_13), which a clone would have taken away
    FOR con IN
        SELECT c.conrelid::regclass::text AS tab, c.conname FROM pg_constraint AS c
        WHERE c.connamespace = 'public'::regnamespace AND c.conname LIKE 'test\_%' AND c.coninhcount = 0
    LOOP
        -- then the reference tables in the same transaction: one connection per node (Citus asks for it)
        PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', con.tab, con.conname);
    END LOOP;
    FOR part IN
        SELECT c.relname FROM pg_class AS c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relispartition AND c.relkind IN ('r', 'p')
    LOOP
        EXECUTE format('DROP TABLE %I', part);
    END LOOP;
    SELECT string_agg(format('%I', c.relname), ', ') INTO tables
    FROM pg_class AS c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname NOT IN ('metric_units', 'unit_conversions') AND c.relname NOT LIKE '%yoyo%';
    EXECUTE 'TRUNCATE ' || tables || ' CASCADE';
END;
$$
