-- $1 user id, $2 id, $3 status ('processed' | 'failed'), $4 result, $5 error, $6 the attempt that holds the
-- lease. Fenced by the attempt: should the lease have lapsed and another worker have claimed the body
-- (attempts went up), this finishes nothing and the caller learns it from the empty result.
UPDATE raw_ingestions
SET status = $3, result = $4, error = $5, processed_at = now(), lease_until = NULL
WHERE user_id = $1 AND id = $2 AND attempts = $6 AND status = 'processing'
RETURNING id
