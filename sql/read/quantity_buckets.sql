-- $1 user id, $2 metric, $3 start or NULL, $4 end or NULL (exclusive), $5 source or NULL,
-- $6 grain (minute|hour|day), $7 bucket (minute|hour|day|week|month, never finer than the grain), $8 IANA zone,
-- $9 row limit. One row per grain bucket, source, unit and origin, with the bucket and local day it belongs to; the
-- read domain (healthsink/read/) merges sources per grain and adds grains up into buckets. Buckets are
-- truncated in local time and turned back into instants, so a "day" is the user's day, 23 or 25 hours long
-- across a DST change. The range is written with coalesce, not `$3 IS NULL OR`, so a generic plan still prunes
-- partitions at run time.
SELECT g AT TIME ZONE $8::text AS grain, date_trunc($7::text, g) AT TIME ZONE $8::text AS bucket, g::date AS day,
       source, units, origin, n, total, lo, hi
FROM (
    SELECT date_trunc($6::text, ts AT TIME ZONE $8::text) AS g, source, units, origin,
           count(qty) AS n, coalesce(sum(qty), 0) AS total, min(qty) AS lo, max(qty) AS hi
    FROM quantity_samples
    WHERE user_id = $1 AND metric = $2
      AND ts >= coalesce($3::timestamptz, '-infinity') AND ts < coalesce($4::timestamptz, 'infinity')
      AND ($5::text IS NULL OR source = $5)
    GROUP BY 1, 2, 3, 4
) per_grain
ORDER BY g, source, units, origin
LIMIT $9
