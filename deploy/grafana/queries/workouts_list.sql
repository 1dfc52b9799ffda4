-- Workouts of ${user} in the range, newest first.
SELECT w.start_ts AS time, w.name, w.duration_s / 60 AS "minutes", w.distance, w.distance_units,
       w.active_energy AS "active energy", w.workout_key
FROM workout_summaries w JOIN users u ON u.id = w.user_id
WHERE u.email = '${user}' AND $__timeFilter(w.start_ts)
ORDER BY 1 DESC
