-- $1 user id, $2 id, $3 lease seconds. A long body keeps its claim while it is being processed.
UPDATE raw_ingestions SET lease_until = now() + make_interval(secs => $3)
WHERE user_id = $1 AND id = $2 AND status = 'processing'
