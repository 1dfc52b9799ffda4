-- $1 user id, $2 id, $3 lease seconds, $4 the attempt holding the lease. A long body keeps its claim while
-- it is being processed; returns nothing once another worker has claimed it.
UPDATE raw_ingestions SET lease_until = now() + make_interval(secs => $3)
WHERE user_id = $1 AND id = $2 AND attempts = $4 AND status = 'processing'
RETURNING id
