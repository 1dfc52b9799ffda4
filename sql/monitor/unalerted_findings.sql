-- Open findings not sent yet, oldest first, with the user's email for the message.
SELECT f.user_id, f.id, u.email, f.kind, f.subject, f.detail, f.first_seen
FROM monitor_findings f
JOIN users u ON u.id = f.user_id
WHERE f.resolved_at IS NULL AND f.alerted_at IS NULL
ORDER BY f.first_seen, f.id
