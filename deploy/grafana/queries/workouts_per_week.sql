-- Workout minutes per week of ${user} (weeks starting Monday; Grafana's zone, as the time axis).
SELECT date_trunc('week', w.start_ts) AS time, sum(w.duration_s) / 60 AS minutes
FROM workout_summaries w JOIN users u ON u.id = w.user_id
WHERE u.email = '${user}' AND $__timeFilter(w.start_ts)
GROUP BY 1
ORDER BY 1
