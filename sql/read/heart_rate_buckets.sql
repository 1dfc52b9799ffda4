-- $1 user id, $2 metric, $3 start or NULL, $4 end or NULL (exclusive), $5 source or NULL,
-- $6 bucket (minute|hour|day|week|month), $7 IANA zone, $8 row limit. One row per bucket and source.
SELECT date_trunc($6::text, ts AT TIME ZONE $7::text) AT TIME ZONE $7::text AS bucket,
       source, min(hr_min) AS min, avg(hr_avg) AS avg, max(hr_max) AS max, count(*) AS count,
       min(units) AS units
FROM heart_rate_samples
WHERE user_id = $1 AND metric = $2
  AND ($3::timestamptz IS NULL OR ts >= $3)
  AND ($4::timestamptz IS NULL OR ts < $4)
  AND ($5::text IS NULL OR source = $5)
GROUP BY 1, 2
ORDER BY 1, 2
LIMIT $8
