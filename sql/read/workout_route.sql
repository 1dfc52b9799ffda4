-- $1 user id, $2 workout key. The route in time order. A live workout sent without a route has the route of
-- its imported twin (the same workout from an Apple Health export, migration 0061), when that has one.
WITH own AS (
    SELECT ts, latitude, longitude, altitude, course, speed, horizontal_accuracy, vertical_accuracy
    FROM workout_route_points
    WHERE user_id = $1 AND workout_key = $2
)
SELECT ts, latitude, longitude, altitude, course, speed, horizontal_accuracy, vertical_accuracy
FROM own
UNION ALL
SELECT r.ts, r.latitude, r.longitude, r.altitude, r.course, r.speed, r.horizontal_accuracy, r.vertical_accuracy
FROM workouts h
JOIN workouts w
  ON w.user_id = h.user_id AND w.origin = 'apple_export'
 AND w.start_ts BETWEEN h.start_ts - interval '60 seconds' AND h.start_ts + interval '60 seconds'
JOIN workout_twins t ON t.user_id = w.user_id AND t.workout_key = w.workout_key AND t.twin_key = h.workout_key
JOIN workout_route_points r ON r.user_id = w.user_id AND r.workout_key = w.workout_key
WHERE h.user_id = $1 AND h.workout_key = $2 AND h.origin <> 'apple_export'
  AND NOT EXISTS (SELECT 1 FROM own)
ORDER BY ts
