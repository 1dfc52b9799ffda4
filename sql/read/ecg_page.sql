-- $1 user id, $2 start or NULL, $3 end or NULL, $4/$5 cursor (start_ts, source) or NULL, $6 limit.
-- Recordings without their samples.
SELECT source, start_ts, end_ts, utc_offset, classification, severity, average_heart_rate,
       sampling_frequency, measurement_count, voltage_units, cardinality(voltages) AS samples
FROM ecg_recordings
WHERE user_id = $1
  AND start_ts >= coalesce($2::timestamptz, '-infinity')
  AND start_ts < coalesce($3::timestamptz, 'infinity')
  AND ($4::timestamptz IS NULL OR (start_ts, source) > ($4, $5::text))
ORDER BY start_ts, source
LIMIT $6
