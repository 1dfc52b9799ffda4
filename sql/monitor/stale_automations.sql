-- $1 seconds without a sync that make an automation stale, $2 how far back automations are known: named
-- automations (the app's automation-name header) of active users whose newest body is older than $1.
SELECT r.user_id, u.email, r.headers->>'automation-name' AS automation, max(r.received_at) AS last_sync
FROM raw_ingestions r
JOIN users u ON u.id = r.user_id AND u.disabled_at IS NULL
WHERE r.received_at >= $2
  AND coalesce(r.headers->>'automation-name', '') <> ''
GROUP BY r.user_id, u.email, r.headers->>'automation-name'
HAVING max(r.received_at) < now() - make_interval(secs => $1)
ORDER BY r.user_id, automation
