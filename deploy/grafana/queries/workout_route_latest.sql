-- The route of ${user}'s latest workout in the range, for the geomap panel.
SELECT r.ts AS time, r.latitude, r.longitude, r.speed
FROM workout_route_points r JOIN users u ON u.id = r.user_id
WHERE u.email = '${user}' AND r.workout_key = (
    SELECT w.workout_key FROM workouts w
    WHERE w.user_id = u.id AND $__timeFilter(w.start_ts)
    ORDER BY w.start_ts DESC LIMIT 1)
ORDER BY 1
