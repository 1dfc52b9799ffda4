-- $1 user id, $2 start or NULL, $3 end or NULL, $4 IANA zone. Aggregated nights, each dated by the local
-- day its sleep ended on (sleep ending before 18:00 belongs to that day: +6 h, then the date).
SELECT ((coalesce(sleep_end, in_bed_end, date_ts, night_start) AT TIME ZONE $4::text) + interval '6 hours')::date
           AS night,
       source, total_sleep, asleep, core, deep, rem, awake, in_bed,
       coalesce(in_bed_start, sleep_start) AS bed, coalesce(sleep_end, in_bed_end) AS wake
FROM sleep_nights
WHERE user_id = $1
  AND coalesce(sleep_end, in_bed_end, date_ts, night_start) >= coalesce($2::timestamptz, '-infinity')
  AND coalesce(sleep_end, in_bed_end, date_ts, night_start) < coalesce($3::timestamptz, 'infinity')
ORDER BY night, source
