-- {table}: a health table (from ingest.tables); $1 user id. Every row, for comparisons.
SELECT * FROM {table} WHERE user_id = $1
