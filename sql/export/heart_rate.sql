-- $1 user id, $2 start or NULL, $3 end or NULL (exclusive), $4 metric or NULL. Read through a server-side
-- cursor and streamed, so an export of any size runs in constant memory.
SELECT metric, source, ts, end_ts, utc_offset, units, hr_min, hr_avg, hr_max, context, extra, orig_units,
       origin
FROM heart_rate_samples
WHERE user_id = $1
  AND ts >= coalesce($2::timestamptz, '-infinity')
  AND ts < coalesce($3::timestamptz, 'infinity')
  AND ($4::text IS NULL OR metric = $4)
ORDER BY ts
