-- Per partitioned table: how many partitions, the first and the last (months), and their size on disk.
SELECT parent.relname AS parent,
       count(*) AS partitions,
       min(child.relname) AS first,
       max(child.relname) AS last,
       sum(pg_total_relation_size(child.oid))::bigint AS bytes
FROM pg_inherits i
JOIN pg_class parent ON parent.oid = i.inhparent
JOIN pg_class child ON child.oid = i.inhrelid
JOIN pg_namespace ns ON ns.oid = parent.relnamespace
WHERE ns.nspname = current_schema()
GROUP BY parent.relname
ORDER BY parent.relname
