-- Tables of the public schema that are not partitions: the schema `healthsink citus distribute` places.
-- yoyo's own tables stay local on the coordinator like every table not named in healthsink/store/citus.py.
SELECT c.relname AS name,
       EXISTS (SELECT 1 FROM pg_attribute AS a
               WHERE a.attrelid = c.oid AND a.attname = 'user_id' AND NOT a.attisdropped) AS has_user_id
FROM pg_class AS c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY c.relname
