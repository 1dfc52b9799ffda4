-- Claims the oldest due body: queued, or processing with a lapsed lease (its worker died).
-- $1 lease seconds. SKIP LOCKED lets several workers and hosts share the queue.
WITH next AS (
    SELECT user_id, id, received_at
    FROM raw_ingestions
    WHERE (status = 'queued' AND next_attempt_at <= now())
       OR (status = 'processing' AND lease_until < now())
    ORDER BY next_attempt_at, id
    LIMIT 1
    FOR UPDATE SKIP LOCKED
)
UPDATE raw_ingestions r
SET status = 'processing', attempts = r.attempts + 1, lease_until = now() + make_interval(secs => $1)
FROM next
WHERE r.user_id = next.user_id AND r.id = next.id AND r.received_at = next.received_at
RETURNING r.user_id, r.id, r.body_bytes, r.attempts, r.request_id, r.duplicate_of, r.content_type
