-- $1 user id, $2 ingestion id, $3 seq. One ~1 MiB piece of a gzip'd body.
SELECT data FROM raw_ingestion_chunks WHERE user_id = $1 AND ingestion_id = $2 AND seq = $3
