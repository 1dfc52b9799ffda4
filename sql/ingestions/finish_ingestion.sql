-- $1 user id, $2 id, $3 status ('processed' | 'failed'), $4 result, $5 error.
UPDATE raw_ingestions
SET status = $3, result = $4, error = $5, processed_at = now(), lease_until = NULL
WHERE user_id = $1 AND id = $2
