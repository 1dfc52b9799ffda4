-- $1 user id, $2 id, $3 error, $4 seconds until the next attempt, $5 the attempt holding the lease.
-- Back to the queue after a passing failure; fenced by the attempt (see finish.sql).
UPDATE raw_ingestions
SET status = 'queued', error = $3, lease_until = NULL, next_attempt_at = now() + make_interval(secs => $4)
WHERE user_id = $1 AND id = $2 AND attempts = $5 AND status = 'processing'
