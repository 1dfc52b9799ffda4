-- $1 user id, $2 start or NULL, $3 end or NULL (exclusive). Read through a server-side
-- cursor and streamed, so an export of any size runs in constant memory. An imported workout that the live
-- feed also sent is exported once, as the live feed's (workouts_listed, migration 0061).
SELECT workout_key, version, name, start_ts, end_ts, utc_offset, duration_s, location, is_indoor, summary,
       metadata, extra, origin
FROM workouts_listed
WHERE user_id = $1
  AND ($2::timestamptz IS NULL OR start_ts >= $2)
  AND ($3::timestamptz IS NULL OR start_ts < $3)
ORDER BY start_ts
