-- $1 user id, $2 metric or NULL (all of the user's). The catalog rows (metric_summary) from the rollup rows.
INSERT INTO metric_summary (user_id, metric, kind, source, units, rows, first_ts, last_ts)
SELECT user_id, metric, kind, source, units, sum(rows), min(first_ts), max(last_ts)
FROM daily_rollup
WHERE user_id = $1 AND ($2::text IS NULL OR metric = $2)
GROUP BY user_id, metric, kind, source, units
