-- Before each test on the Citus cluster: every table emptied but the unit tables the migrations filled and
-- yoyo's own (reference, distributed and local tables in one TRUNCATE).
DO $$
DECLARE
    tables text;
BEGIN
    SELECT string_agg(format('%I', c.relname), ', ') INTO tables
    FROM pg_class AS c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname NOT IN ('metric_units', 'unit_conversions') AND c.relname NOT LIKE '%yoyo%';
    EXECUTE 'TRUNCATE ' || tables || ' CASCADE';
END;
$$
