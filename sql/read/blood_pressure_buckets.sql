-- $1 user id, $2 metric (always 'blood_pressure'), $3 start or NULL, $4 end or NULL (exclusive),
-- $5 source or NULL, $6 grain (minute|hour|day), $7 bucket (never finer than the grain), $8 IANA zone,
-- $9 row limit. As quantity_buckets.sql, with statistics of systolic_* and diastolic_* values.
SELECT g AT TIME ZONE $8::text AS grain, date_trunc($7::text, g) AT TIME ZONE $8::text AS bucket, g::date AS day,
       source, units, origin, systolic_n, systolic_total, systolic_lo, systolic_hi,
       diastolic_n, diastolic_total, diastolic_lo, diastolic_hi
FROM (
    SELECT date_trunc($6::text, ts AT TIME ZONE $8::text) AS g, source, units, origin,
           count(*) AS systolic_n, sum(systolic) AS systolic_total, min(systolic) AS systolic_lo,
           max(systolic) AS systolic_hi,
           count(*) AS diastolic_n, sum(diastolic) AS diastolic_total, min(diastolic) AS diastolic_lo,
           max(diastolic) AS diastolic_hi
    FROM blood_pressure_samples
    WHERE user_id = $1 AND $2::text = 'blood_pressure'
      AND ts >= coalesce($3::timestamptz, '-infinity') AND ts < coalesce($4::timestamptz, 'infinity')
      AND ($5::text IS NULL OR source = $5)
    GROUP BY 1, 2, 3, 4
) per_grain
ORDER BY g, source, units, origin
LIMIT $9
