-- $1 id or NULL, $2 only failed ones, $3 received since or NULL: the bodies requeue_for_reprocess picks.
-- Each keeps the outcome of its first processing before reprocessing replaces `result`.
UPDATE raw_ingestions
SET first_result = result
WHERE first_result IS NULL
  AND result IS NOT NULL
  AND duplicate_of IS NULL
  AND status <> 'processing'
  AND ($1::bigint IS NULL OR id = $1)
  AND (NOT $2 OR status = 'failed')
  AND ($3::timestamptz IS NULL OR received_at >= $3)
