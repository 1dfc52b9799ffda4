-- The role is cluster-wide and other databases may grant to it, so it is left in place; this database's
-- grants go with the views and tables.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'healthsink_readonly') THEN
        REVOKE ALL ON ALL TABLES IN SCHEMA public FROM healthsink_readonly;
        REVOKE USAGE ON SCHEMA public FROM healthsink_readonly;
    END IF;
END;
$$;
DROP VIEW workout_summaries;
DROP VIEW daily_quantity;
DROP VIEW heart_rate_local;
DROP VIEW quantity_local;
