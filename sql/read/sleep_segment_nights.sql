-- $1 user id, $2 start or NULL, $3 end or NULL, $4 IANA zone. Unaggregated segments summed per night
-- (dated as in sleep_nights.sql) and source: hours per stage, first start and last end.
SELECT ((end_ts AT TIME ZONE $4::text) + interval '6 hours')::date AS night,
       source,
       lower(replace(stage, ' ', '')) AS stage,
       sum(extract(epoch FROM end_ts - start_ts)) / 3600.0 AS hours,
       min(start_ts) AS bed,
       max(end_ts) AS wake
FROM sleep_segments
WHERE user_id = $1 AND end_ts IS NOT NULL
  AND ($2::timestamptz IS NULL OR end_ts >= $2)
  AND ($3::timestamptz IS NULL OR end_ts < $3)
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
