-- $1 user id, $2 id.
SELECT id, received_at, status, body_bytes, stored_bytes, content_type, headers, attempts, error, result,
       processed_at, duplicate_of, request_id
FROM raw_ingestions
WHERE user_id = $1 AND id = $2
