-- Every column of our tables in the public schema (extension-owned ones such as PostGIS's left out), to
-- compare a schema before and after a migration round trip.
SELECT col.table_name, col.column_name, col.data_type, col.is_nullable, col.column_default
FROM information_schema.columns col
JOIN pg_class c ON c.relname = col.table_name
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = col.table_schema
WHERE col.table_schema = 'public'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
ORDER BY col.table_name, col.column_name
