-- $1 staging tables (text[]) a flush's merges have read, to empty with DELETE; $2 those to TRUNCATE instead,
-- their dead rows with them (store/staging.py).
SELECT healthsink_clear_staging_v1($1, $2)
