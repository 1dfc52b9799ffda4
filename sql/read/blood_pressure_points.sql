-- $1 user id, $2 metric (always 'blood_pressure'; kept so every *_points query takes the same arguments),
-- $3 start or NULL, $4 end or NULL (exclusive), $5 source or NULL, $6 limit.
SELECT ts, NULL::timestamptz AS end_ts, utc_offset, source, units, origin, systolic, diastolic
FROM blood_pressure_samples
WHERE user_id = $1 AND $2::text = 'blood_pressure'
  AND ts >= coalesce($3::timestamptz, '-infinity')
  AND ts < coalesce($4::timestamptz, 'infinity')
  AND ($5::text IS NULL OR source = $5)
ORDER BY ts, source
LIMIT $6
