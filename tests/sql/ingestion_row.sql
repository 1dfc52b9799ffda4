-- $1 ingestion id.
SELECT * FROM raw_ingestions WHERE id = $1
