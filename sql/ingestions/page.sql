-- $1 user id, $2 before id (cursor; NULL for the first page), $3 limit, $4 session id (the app's `session-id`
-- header: one automation run's bodies; NULL for all). Newest first, with the app's headers (automation name, period,
-- session: a few short strings), so a page of bodies tells which automation sent each without a request per body.
SELECT id, received_at, status, body_bytes, stored_bytes, attempts, error, processed_at, duplicate_of, headers
FROM raw_ingestions
WHERE user_id = $1 AND ($2::bigint IS NULL OR id < $2)
  AND ($4::text IS NULL OR headers->>'session-id' = $4)
ORDER BY id DESC
LIMIT $3
