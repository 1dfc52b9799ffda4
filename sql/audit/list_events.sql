-- $1 user id or NULL, $2 since or NULL, $3 action or NULL, $4 limit.
SELECT a.at, a.user_id, u.email, a.action, a.key_id, a.client_addr, a.user_agent, a.request_id, a.details
FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
WHERE ($1::bigint IS NULL OR a.user_id = $1)
  AND ($2::timestamptz IS NULL OR a.at >= $2)
  AND ($3::text IS NULL OR a.action = $3)
ORDER BY a.at DESC
LIMIT $4
