-- Before each test on the Citus cluster: what the migrations left. Monthly partitions are dropped (the
-- migrations make none; a partition is distributed over every shard, so keeping them would make each
-- TRUNCATE slower with every test), then every table is emptied in one TRUNCATE but the unit tables the
-- migrations filled and yoyo's own.
DO $$
DECLARE
    part text;
    tables text;
BEGIN
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
