-- $1 user id, $2 ingestion id.
SELECT count(*)::int FROM raw_ingestion_chunks WHERE user_id = $1 AND ingestion_id = $2
