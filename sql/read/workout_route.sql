-- $1 user id, $2 workout key. The route in time order.
SELECT ts, latitude, longitude, altitude, course, speed, horizontal_accuracy, vertical_accuracy
FROM workout_route_points
WHERE user_id = $1 AND workout_key = $2
ORDER BY ts
