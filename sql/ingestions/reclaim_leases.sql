-- $1 lease owners (processes of this host that no longer run). Their leases lapse now, so the queue takes
-- their bodies up at once (the attempt they were on counts, as after any lapsed lease).
UPDATE raw_ingestions
SET lease_until = now()
WHERE status = 'processing' AND lease_owner = ANY($1::text[]) AND lease_until > now()
RETURNING user_id, id
