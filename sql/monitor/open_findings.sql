-- $1 user id or NULL for everyone: open findings, newest first.
SELECT f.user_id, f.id, f.kind, f.subject, f.detail, f.first_seen, f.last_seen, f.alerted_at
FROM monitor_findings f
WHERE f.resolved_at IS NULL AND ($1::bigint IS NULL OR f.user_id = $1)
ORDER BY f.first_seen DESC, f.id DESC
