-- Primary and unique indexes of our tables whose first column is not user_id (users and the unit reference
-- tables of migration 0016 excepted: like users, reference tables when distributed by user_id).
SELECT c.relname AS table_name, i.relname AS index_name
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class c ON c.oid = x.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = x.indkey[0]
WHERE n.nspname = 'public'
  AND (x.indisprimary OR x.indisunique)
  AND c.relname NOT IN ('users', 'metric_units', 'unit_conversions')
  AND c.relname NOT LIKE '%yoyo%'
  AND NOT c.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')   -- PostGIS's own
  AND coalesce(a.attname, '') <> 'user_id'
