-- $1 user id, $2 id, $3 the attempt holding the lease. Shutdown while processing: back to the queue at
-- once, the attempt not counted; fenced by the attempt (see finish.sql).
UPDATE raw_ingestions
SET status = 'queued', lease_until = NULL, next_attempt_at = now(), attempts = greatest(attempts - 1, 0)
WHERE user_id = $1 AND id = $2 AND attempts = $3 AND status = 'processing'
