-- $1 user id, $2 start or NULL, $3 end or NULL (exclusive). Read through a server-side
-- cursor and streamed, so an export of any size runs in constant memory.
SELECT source, night_start, date_ts, utc_offset, units, total_sleep, asleep, core, deep, rem, awake, in_bed,
       sleep_start, sleep_end, in_bed_start, in_bed_end, sleep_source, in_bed_source, extra
FROM sleep_nights
WHERE user_id = $1
  AND ($2::timestamptz IS NULL OR night_start >= $2)
  AND ($3::timestamptz IS NULL OR night_start < $3)
ORDER BY night_start
