-- $1 user id, $2 start or NULL, $3 end or NULL (exclusive). Read through a server-side
-- cursor and streamed, so an export of any size runs in constant memory.
SELECT workout_key, series, source, ts, utc_offset, units, qty, qty_min, qty_max, extra
FROM workout_series
WHERE user_id = $1
  AND ts >= coalesce($2::timestamptz, '-infinity')
  AND ts < coalesce($3::timestamptz, 'infinity')
ORDER BY ts
