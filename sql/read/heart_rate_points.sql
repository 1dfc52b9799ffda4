-- $1 user id, $2 metric, $3 start or NULL, $4 end or NULL (exclusive), $5 source or NULL, $6 limit.
SELECT ts, end_ts, utc_offset, source, units, hr_min, hr_avg, hr_max, context
FROM heart_rate_samples
WHERE user_id = $1 AND metric = $2
  AND ($3::timestamptz IS NULL OR ts >= $3)
  AND ($4::timestamptz IS NULL OR ts < $4)
  AND ($5::text IS NULL OR source = $5)
ORDER BY ts, source
LIMIT $6
