-- $1 seconds without a sync that make a user stale. Active users with a live key whose newest body (or, never
-- having synced, their oldest live key) is older than that.
WITH u AS (
    SELECT u.id, u.email,
           (SELECT r.received_at FROM raw_ingestions r WHERE r.user_id = u.id ORDER BY r.id DESC LIMIT 1) AS last_sync,
           (SELECT min(k.created_at) FROM api_keys k
             WHERE k.user_id = u.id AND k.revoked_at IS NULL
               AND (k.expires_at IS NULL OR k.expires_at > now())) AS key_since
    FROM users u
    WHERE u.disabled_at IS NULL
)
SELECT id AS user_id, email, last_sync
FROM u
WHERE key_since IS NOT NULL
  AND coalesce(last_sync, key_since) < now() - make_interval(secs => $1)
ORDER BY id
