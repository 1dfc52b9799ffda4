-- $1 since (the window looked at), $2 seconds of silence that make a gap, $3 fewest days a daily metric has:
-- metrics a user had nearly every day (at least $3 days, and on 70 % of the days from its first point to its
-- last) whose last point is older than $2 while the same user's syncs still arrive ($2 after that point).
WITH m AS (
    SELECT user_id, metric,
           count(DISTINCT (ts AT TIME ZONE 'UTC')::date) AS days, min(ts) AS first_ts, max(ts) AS last_ts
    FROM quantity_samples
    WHERE ts >= $1
    GROUP BY user_id, metric
), synced AS (
    SELECT user_id, max(received_at) AS last_sync
    FROM raw_ingestions
    WHERE received_at >= $1
    GROUP BY user_id
)
SELECT m.user_id, u.email, m.metric, m.days, m.last_ts, s.last_sync
FROM m
JOIN synced s ON s.user_id = m.user_id
JOIN users u ON u.id = m.user_id AND u.disabled_at IS NULL
WHERE m.days >= $3
  AND m.days >= 0.7 * (extract(epoch FROM m.last_ts - m.first_ts) / 86400 + 1)
  AND m.last_ts < now() - make_interval(secs => $2)
  AND s.last_sync > m.last_ts + make_interval(secs => $2)
ORDER BY m.user_id, m.metric
