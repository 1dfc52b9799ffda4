-- This session's staging_quantity: rows still in it, and the size of its file (dead rows included).
SELECT count(*) AS live, pg_relation_size('pg_temp.staging_quantity') AS bytes FROM pg_temp.staging_quantity
