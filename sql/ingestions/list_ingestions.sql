-- $1 user id, $2 before id (cursor; NULL for the first page), $3 limit. Newest first.
SELECT id, received_at, status, body_bytes, stored_bytes, attempts, error, processed_at, duplicate_of
FROM raw_ingestions
WHERE user_id = $1 AND ($2::bigint IS NULL OR id < $2)
ORDER BY id DESC
LIMIT $3
