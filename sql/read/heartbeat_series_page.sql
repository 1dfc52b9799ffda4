-- $1 user id, $2 start or NULL, $3 end or NULL, $4/$5 cursor (ts, source) or NULL, $6 limit.
-- HRV beat-to-beat series: each belongs to the heart_rate_variability sample at the same instant and source.
SELECT source, ts, utc_offset, beat_epochs, since_start, preceded_by_gap
FROM heartbeat_series
WHERE user_id = $1
  AND ts >= coalesce($2::timestamptz, '-infinity')
  AND ts < coalesce($3::timestamptz, 'infinity')
  AND ($4::timestamptz IS NULL OR (ts, source) > ($4, $5::text))
ORDER BY ts, source
LIMIT $6
