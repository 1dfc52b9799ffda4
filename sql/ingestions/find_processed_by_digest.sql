-- $1 user id, $2 digest. The newest processed body with these exact bytes, if any.
SELECT id, coalesce(duplicate_of, id) AS archive_id, result
FROM raw_ingestions
WHERE user_id = $1 AND digest = $2 AND status = 'processed' AND result IS NOT NULL
ORDER BY id DESC
LIMIT 1
