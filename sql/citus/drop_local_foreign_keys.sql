-- The tables kept local on the coordinator (store/citus.py LOCAL) lose their foreign keys to `users`
-- before it becomes a reference table: with one, Citus turns the table into a "Citus local table", and then
-- refuses to create its monthly partitions ("child table is missing constraint"). Deleting a user deletes
-- their rows in every table by name (healthsink_purge_user_v1), not through the cascade.
DO $$
DECLARE
    fk record;
BEGIN
    FOR fk IN
        SELECT c.conrelid::regclass AS tab, c.conname
        FROM pg_constraint AS c
        WHERE c.contype = 'f' AND c.conparentid = 0
            AND c.conrelid IN (SELECT to_regclass(t) FROM unnest(ARRAY['raw_ingestions', 'raw_ingestion_chunks', 'audit_log', 'rollup_marks', 'ingestion_origins']) AS t)
            AND NOT EXISTS (SELECT 1 FROM pg_dist_partition AS p WHERE p.logicalrelid = c.conrelid)
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.tab, fk.conname);
    END LOOP;
END;
$$
