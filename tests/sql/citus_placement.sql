-- How Citus holds each table: 'reference', or 'distributed <column>'; tables it does not manage are absent.
SELECT table_name::text AS name,
       CASE WHEN citus_table_type = 'reference' THEN 'reference'
            ELSE citus_table_type || ' ' || distribution_column END AS kind
FROM citus_tables
