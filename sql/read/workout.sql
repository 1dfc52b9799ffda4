-- $1 user id, $2 workout key.
SELECT workout_key, version, name, start_ts, end_ts, utc_offset, duration_s, location, is_indoor, summary,
       metadata, extra
FROM workouts
WHERE user_id = $1 AND workout_key = $2
