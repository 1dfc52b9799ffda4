-- Citus cannot distribute a table with an identity column once it refers to a reference table ("cannot
-- complete operation on a table with identity column"), nor alter one it placed: before a table is placed,
-- each of its identity columns becomes a plain sequence default, counting on from where the
-- identity was (same name, same next value; the inserts never name these columns). Distributed and
-- reference tables alike take nextval() from the coordinator.
DO $$
DECLARE
    col record;
    seq text;
    next bigint;
BEGIN
    FOR col IN
        SELECT c.relname AS tab, a.attname AS col
        FROM pg_attribute AS a JOIN pg_class AS c ON c.oid = a.attrelid
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            AND a.attidentity <> '' AND NOT a.attisdropped
            AND NOT EXISTS (SELECT 1 FROM pg_dist_partition AS p WHERE p.logicalrelid = c.oid)  -- not yet placed
    LOOP
        seq := pg_get_serial_sequence(format('%I', col.tab), col.col);
        EXECUTE format('SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM %s', seq)
            INTO next;
        EXECUTE format('ALTER TABLE %I ALTER COLUMN %I DROP IDENTITY', col.tab, col.col);
        EXECUTE format('CREATE SEQUENCE %s AS bigint START %s OWNED BY %I.%I', seq, next, col.tab, col.col);
        EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET DEFAULT nextval(%L)', col.tab, col.col, seq);
    END LOOP;
END;
$$
