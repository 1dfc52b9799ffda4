-- $1 user, $2 ingestion: the origin noted for it, or NULL.
SELECT origin FROM ingestion_origins WHERE user_id = $1 AND ingestion_id = $2
