-- $1 user id, $2 metric (always 'blood_pressure'), $3 start or NULL, $4 end or NULL (exclusive),
-- $5 source or NULL, $6 bucket, $7 IANA zone, $8 row limit. One row per bucket and source.
SELECT date_trunc($6::text, ts AT TIME ZONE $7::text) AT TIME ZONE $7::text AS bucket,
       source, avg(systolic) AS systolic, avg(diastolic) AS diastolic,
       min(systolic) AS systolic_min, max(systolic) AS systolic_max, count(*) AS count,
       min(units) AS units
FROM blood_pressure_samples
WHERE user_id = $1 AND $2::text = 'blood_pressure'
  AND ($3::timestamptz IS NULL OR ts >= $3)
  AND ($4::timestamptz IS NULL OR ts < $4)
  AND ($5::text IS NULL OR source = $5)
GROUP BY 1, 2
ORDER BY 1, 2
LIMIT $8
