-- {table}: a health table (from ingest.tables); $1 user id.
SELECT count(*) FROM {table} WHERE user_id = $1
