-- $1 user id, $2 start or NULL, $3 end or NULL, $4 IANA zone. Unaggregated segments summed per night
-- (dated as in sleep_nights.sql), source and origin: hours per stage (the segment's qty where the app sent
-- one above 0, else end - start), first start and last end. The nights are chosen by end_ts; the start_ts
-- bounds (a segment starts before it ends, and lasts less than two days) let PostgreSQL skip the other months'
-- partitions.
SELECT ((end_ts AT TIME ZONE $4::text) + interval '6 hours')::date AS night,
       source, origin,
       lower(replace(stage, ' ', '')) AS stage,
       sum(coalesce(nullif(qty, 0), extract(epoch FROM end_ts - start_ts) / 3600.0)) AS hours,
       min(start_ts) AS bed,
       max(end_ts) AS wake
FROM sleep_segments
WHERE user_id = $1 AND end_ts IS NOT NULL
  AND end_ts >= coalesce($2::timestamptz, '-infinity')
  AND end_ts < coalesce($3::timestamptz, 'infinity')
  AND start_ts >= coalesce($2::timestamptz, '-infinity') - interval '2 days'
  AND start_ts < coalesce($3::timestamptz, 'infinity')
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4
