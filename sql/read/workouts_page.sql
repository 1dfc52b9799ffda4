-- $1 user id, $2 start or NULL, $3 end or NULL, $4/$5 cursor (start_ts, workout_key) or NULL, $6 limit.
-- workouts_listed: an imported workout that the live feed also sent is listed once, as the live feed's
-- (migration 0061).
SELECT w.workout_key, w.version, w.name, w.start_ts, w.end_ts, w.utc_offset, w.duration_s, w.location,
       w.is_indoor, w.summary,
       (SELECT count(*) FROM workout_route_points r
         WHERE r.user_id = w.user_id AND r.workout_key = w.workout_key) AS route_points
FROM workouts_listed w
WHERE w.user_id = $1
  AND w.start_ts >= coalesce($2::timestamptz, '-infinity')
  AND w.start_ts < coalesce($3::timestamptz, 'infinity')
  AND ($4::timestamptz IS NULL OR (w.start_ts, w.workout_key) > ($4, $5::text))
ORDER BY w.start_ts, w.workout_key
LIMIT $6
