-- $1 user id, $2 id, $3 error, $4 seconds until the next attempt. Back to the queue after a passing failure.
UPDATE raw_ingestions
SET status = 'queued', error = $3, lease_until = NULL, next_attempt_at = now() + make_interval(secs => $4)
WHERE user_id = $1 AND id = $2
