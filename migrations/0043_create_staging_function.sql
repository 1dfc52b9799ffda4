-- healthsink_create_staging_v1(staging, target, columns): make this session's staging table for `target`:
-- `seq` (arrival order: when one batch holds a key twice, the merge keeps the later row), then `columns` in
-- COPY order, each with the type it has in `target`. The columns are listed once, in ingest/tables.py; the
-- types once, in the target's migration. A name the target lacks is an error, not a silently missing column.
-- Temp tables without an ON COMMIT action: the merges consume them with DELETE ... RETURNING (see
-- store/staging.py for why).
CREATE FUNCTION healthsink_create_staging_v1(staging text, target regclass, columns text[])
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    defs text;
    found int;
BEGIN
    SELECT string_agg(format('%I %s', c.name, format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY c.ord),
           count(a.attname)
    INTO defs, found
    FROM unnest(columns) WITH ORDINALITY AS c(name, ord)
    LEFT JOIN pg_attribute a ON a.attrelid = target AND a.attname = c.name AND a.attnum > 0 AND NOT a.attisdropped;
    IF found <> cardinality(columns) THEN
        RAISE EXCEPTION 'staging %: % has no column among %', staging, target, columns;
    END IF;
    EXECUTE format('CREATE TEMP TABLE %I (seq bigint GENERATED ALWAYS AS IDENTITY, %s)', staging, defs);
END;
$$;
