-- $1 user id, $2 metric, $3 start or NULL, $4 end or NULL (exclusive), $5 source or NULL, $6 limit.
SELECT ts, end_ts, utc_offset, source, units, origin, qty, label, extra
FROM quantity_samples
WHERE user_id = $1 AND metric = $2
  AND ts >= coalesce($3::timestamptz, '-infinity')
  AND ts < coalesce($4::timestamptz, 'infinity')
  AND ($5::text IS NULL OR source = $5)
ORDER BY ts, source
LIMIT $6
