-- $1 user id, $2 start or NULL, $3 end or NULL (exclusive). Read through a server-side
-- cursor and streamed, so an export of any size runs in constant memory.
SELECT source, night_start, date_ts, utc_offset, units, total_sleep, asleep, core, deep, rem, awake, in_bed,
       sleep_start, sleep_end, in_bed_start, in_bed_end, sleep_source, in_bed_source, extra
FROM sleep_nights
WHERE user_id = $1
  AND night_start >= coalesce($2::timestamptz, '-infinity')
  AND night_start < coalesce($3::timestamptz, 'infinity')
ORDER BY night_start
