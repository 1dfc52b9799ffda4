-- $1 user id, $2 workout key. An imported workout that the live feed also sent (workout_twins, migration 0061)
-- is answered by the live feed's: the one the list shows.
SELECT workout_key, version, name, start_ts, end_ts, utc_offset, duration_s, location, is_indoor, summary,
       metadata, extra
FROM workouts
WHERE user_id = $1
  AND workout_key = coalesce((SELECT twin_key FROM workout_twins WHERE user_id = $1 AND workout_key = $2), $2)
