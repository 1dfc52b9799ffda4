-- $1 user id, $2 start or NULL, $3 end or NULL (exclusive). Read through a server-side cursor and streamed.
-- Columns named: where PostGIS is installed the table also has `geog`, which this export leaves out.
SELECT workout_key, ts, utc_offset, latitude, longitude, altitude, course, course_accuracy,
       horizontal_accuracy, vertical_accuracy, speed, speed_accuracy, extra, origin
FROM workout_route_points
WHERE user_id = $1
  AND ts >= coalesce($2::timestamptz, '-infinity')
  AND ts < coalesce($3::timestamptz, 'infinity')
ORDER BY ts
