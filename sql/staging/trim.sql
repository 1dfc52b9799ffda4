-- $1 names of this session's staging tables (text[]) to empty, their dead rows with them.
SELECT healthsink_truncate_staging_v1($1)
