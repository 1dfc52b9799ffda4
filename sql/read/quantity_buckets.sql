-- $1 user id, $2 metric, $3 start or NULL, $4 end or NULL (exclusive), $5 source or NULL,
-- $6 bucket (minute|hour|day|week|month), $7 IANA zone, $8 row limit.
-- One row per bucket and source. A bucket is truncated in local time and turned back into an instant,
-- so a "day" is the user's day, 23 or 25 hours long across a DST change.
SELECT date_trunc($6::text, ts AT TIME ZONE $7::text) AT TIME ZONE $7::text AS bucket,
       source, sum(qty) AS sum, avg(qty) AS avg, min(qty) AS min, max(qty) AS max, count(qty) AS count,
       min(units) AS units
FROM quantity_samples
WHERE user_id = $1 AND metric = $2
  AND ($3::timestamptz IS NULL OR ts >= $3)
  AND ($4::timestamptz IS NULL OR ts < $4)
  AND ($5::text IS NULL OR source = $5)
GROUP BY 1, 2
ORDER BY 1, 2
LIMIT $8
