-- $1 id or NULL, $2 only failed ones, $3 received since or NULL. Marks bodies for processing again
-- (duplicates of another body are left out: their original is reprocessed instead).
UPDATE raw_ingestions
SET status = 'queued', attempts = 0, next_attempt_at = now(), lease_until = NULL, error = NULL
WHERE duplicate_of IS NULL
  AND status <> 'processing'
  AND ($1::bigint IS NULL OR id = $1)
  AND (NOT $2 OR status = 'failed')
  AND ($3::timestamptz IS NULL OR received_at >= $3)
RETURNING user_id, id
