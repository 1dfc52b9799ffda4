-- $1 ingestion id. As a worker that died mid-body leaves it.
UPDATE raw_ingestions SET status = 'processing', attempts = 1, lease_until = now() - interval '1 second'
WHERE id = $1
