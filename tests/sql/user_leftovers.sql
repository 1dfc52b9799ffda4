-- $1 user id: what is left of a user outside the health tables.
SELECT (SELECT count(*) FROM users WHERE id = $1) AS users,
       (SELECT count(*) FROM api_keys WHERE user_id = $1) AS api_keys,
       (SELECT count(*) FROM raw_ingestions WHERE user_id = $1) AS raw_ingestions,
       (SELECT count(*) FROM raw_ingestion_chunks WHERE user_id = $1) AS raw_ingestion_chunks,
       (SELECT count(*) FROM audit_log WHERE user_id = $1 AND action <> 'user_purged') AS audit_log
