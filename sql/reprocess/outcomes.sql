-- $1 ingestion ids: each body's state, its first outcome and its latest one.
SELECT id, status, error, first_result, result
FROM raw_ingestions
WHERE id = ANY($1::bigint[])
ORDER BY id
