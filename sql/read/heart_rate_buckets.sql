-- $1 user id, $2 metric, $3 start or NULL, $4 end or NULL (exclusive), $5 source or NULL,
-- $6 grain (minute|hour|day), $7 bucket (never finer than the grain), $8 IANA zone, $9 row limit.
-- As quantity_buckets.sql: one row per grain bucket, source and unit; n and total are over the samples'
-- averages, lo and hi the smallest minimum and largest maximum.
SELECT g AT TIME ZONE $8::text AS grain, date_trunc($7::text, g) AT TIME ZONE $8::text AS bucket, g::date AS day,
       source, units, origin, n, total, lo, hi
FROM (
    SELECT date_trunc($6::text, ts AT TIME ZONE $8::text) AS g, source, units, origin,
           count(hr_avg) AS n, coalesce(sum(hr_avg), 0) AS total, min(hr_min) AS lo, max(hr_max) AS hi
    FROM heart_rate_samples
    WHERE user_id = $1 AND metric = $2
      AND ts >= coalesce($3::timestamptz, '-infinity') AND ts < coalesce($4::timestamptz, 'infinity')
      AND ($5::text IS NULL OR source = $5)
    GROUP BY 1, 2, 3, 4
) per_grain
ORDER BY g, source, units, origin
LIMIT $9
