-- $1 staging table, $2 its target, $3 the COPY columns (ingest/tables.py): made on every pooled connection
-- as it opens, typed like the target (migration 0043).
SELECT healthsink_create_staging_v1($1, $2::regclass, $3)
