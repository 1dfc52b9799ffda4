-- Tables Citus already manages here: name, 'distributed' | 'reference' | 'local' (citus_tables lists
-- distributed and reference tables; a local table on the coordinator that refers to a reference table is a
-- Citus "local" table, listed by pg_dist_partition with partmethod 'n' and no replication model 's').
SELECT p.logicalrelid::regclass::text AS name,
       CASE WHEN p.partmethod = 'h' THEN 'distributed'
            WHEN p.repmodel = 't' THEN 'reference'
            ELSE 'local' END AS kind
FROM pg_dist_partition AS p
