-- $1 received since: per user and automation (the app's automation-name / automation-id headers; '' for
-- bodies without them), the last sync and how many bodies arrived since $1.
SELECT r.user_id, u.email,
       coalesce(r.headers->>'automation-name', '') AS automation,
       coalesce(r.headers->>'automation-id', '') AS automation_id,
       max(r.received_at) AS last_sync,
       count(*) AS bodies
FROM raw_ingestions r
JOIN users u ON u.id = r.user_id
WHERE r.received_at >= $1
GROUP BY r.user_id, u.email, 3, 4
ORDER BY r.user_id, last_sync DESC
