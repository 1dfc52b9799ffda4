-- Monthly range partitions, created on demand.
-- Partition names are identifiers, so they are built here with format('%I'), never in Python.
-- Versioned by name (_v1): a changed function gets a new name in a new migration.

-- healthsink_ensure_month_partition_v1(parent, at): the partition of `parent` holding instant `at`
-- (UTC month), created if missing. Safe under concurrency: an advisory lock per partition name, and a
-- lost race (duplicate_table) counts as success.
CREATE FUNCTION healthsink_ensure_month_partition_v1(parent text, at timestamptz)
RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
    lo timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    hi timestamptz := (date_trunc('month', at AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
    part text := format('%s_p%s', parent, to_char(at AT TIME ZONE 'UTC', 'YYYYMM'));
BEGIN
    IF to_regclass(quote_ident(part)) IS NOT NULL THEN
        RETURN part;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext(part));
    IF to_regclass(quote_ident(part)) IS NOT NULL THEN
        RETURN part;
    END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', part, parent, lo, hi);
    RETURN part;
EXCEPTION WHEN duplicate_table THEN
    RETURN part;
END;
$$;

-- healthsink_ensure_month_partitions_v1(parent, instants): one partition per distinct month of `instants`.
CREATE FUNCTION healthsink_ensure_month_partitions_v1(parent text, instants timestamptz[])
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    m timestamptz;
    n integer := 0;
BEGIN
    FOR m IN SELECT DISTINCT date_trunc('month', i AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM unnest(instants) AS i LOOP
        PERFORM healthsink_ensure_month_partition_v1(parent, m);
        n := n + 1;
    END LOOP;
    RETURN n;
END;
$$;
