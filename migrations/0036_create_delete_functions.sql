-- Deleting stored data: the table and column names vary, so the statements are built here with
-- format('%I'), never in Python. Versioned by name (_v1): a changed function gets a new name.

-- healthsink_delete_rows_v1: one user's rows of `target` whose `time_col` is in [p_from, p_to) (a NULL
-- bound is open) and, when `metric_col` is given, whose metric is p_metric. With dry_run, only counted.
CREATE FUNCTION healthsink_delete_rows_v1(target text, time_col text, metric_col text, p_user bigint,
                                          p_metric text, p_from timestamptz, p_to timestamptz, dry_run boolean)
RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
    cond text := 'user_id = $1';
    n bigint;
BEGIN
    IF time_col IS NOT NULL THEN
        cond := cond || format(' AND ($3::timestamptz IS NULL OR %1$I >= $3) AND ($4::timestamptz IS NULL OR %1$I < $4)',
                               time_col);
    END IF;
    IF metric_col IS NOT NULL THEN
        cond := cond || format(' AND %I = $2', metric_col);
    END IF;
    IF dry_run THEN
        EXECUTE format('SELECT count(*) FROM %I WHERE %s', target, cond) INTO n USING p_user, p_metric, p_from, p_to;
    ELSE
        EXECUTE format('DELETE FROM %I WHERE %s', target, cond) USING p_user, p_metric, p_from, p_to;
        GET DIAGNOSTICS n = ROW_COUNT;
    END IF;
    RETURN n;
END;
$$;

-- healthsink_purge_user_v1: every row of a user in every table of this schema that has a user_id column
-- (health tables, the raw archive, keys, the audit trail, and whatever later migrations add), then the
-- user. Returns the tables that had rows and how many. With dry_run, only counted.
CREATE FUNCTION healthsink_purge_user_v1(p_user bigint, dry_run boolean)
RETURNS TABLE (table_name text, row_count bigint)
LANGUAGE plpgsql
AS $$
DECLARE
    t text;
    n bigint;
BEGIN
    FOR t IN
        SELECT c.relname::text
        FROM pg_class c
        JOIN pg_namespace ns ON ns.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'user_id' AND NOT a.attisdropped
        WHERE ns.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY c.relname
    LOOP
        IF dry_run THEN
            EXECUTE format('SELECT count(*) FROM %I WHERE user_id = $1', t) INTO n USING p_user;
        ELSE
            EXECUTE format('DELETE FROM %I WHERE user_id = $1', t) USING p_user;
            GET DIAGNOSTICS n = ROW_COUNT;
        END IF;
        IF n > 0 THEN
            table_name := t;
            row_count := n;
            RETURN NEXT;
        END IF;
    END LOOP;
    IF NOT dry_run THEN
        DELETE FROM users WHERE id = p_user;
    END IF;
END;
$$;
