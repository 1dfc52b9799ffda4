-- $1 user id, $2 id. Shutdown while processing: back to the queue at once, the attempt not counted.
UPDATE raw_ingestions
SET status = 'queued', lease_until = NULL, next_attempt_at = now(), attempts = greatest(attempts - 1, 0)
WHERE user_id = $1 AND id = $2 AND status = 'processing'
