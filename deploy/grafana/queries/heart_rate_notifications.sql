-- Heart rate notifications of ${user} in the range, newest first.
SELECT n.start_ts AS time, n.kind, n.threshold
FROM heart_rate_notifications n JOIN users u ON u.id = n.user_id
WHERE u.email = '${user}' AND $__timeFilter(n.start_ts)
ORDER BY 1 DESC
