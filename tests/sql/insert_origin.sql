-- $1 user, $2 ingestion, $3 origin: a row of ingestion_origins, as an import notes it.
INSERT INTO ingestion_origins (user_id, ingestion_id, origin) VALUES ($1, $2, $3)
