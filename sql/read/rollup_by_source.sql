-- $1 user id, $2 metric, $3 start or NULL, $4 end or NULL (exclusive; local midnights in $7), $5 source or NULL,
-- $6 bucket (week|month), $7 the user's rollup zone, $8 row limit, $9 kind ('quantity' or 'heart_rate'), $10 local
-- days to leave out (marked: read from the samples), $11 origins in order of preference (series.ORIGINS).
-- Week or month buckets per source and unit from the daily rollup, added up here rather than in Python: each
-- local day keeps only its preferred origin's rows (series.one_origin), then the days of a bucket are added up
-- (n and total summed, the smallest lo and largest hi), as series._buckets adds a source's grains up.
WITH day_rows AS (
    SELECT r.day, r.source, r.units, r.n, r.total, r.lo, r.hi,
           array_position($11::text[], r.origin) AS rank,
           min(array_position($11::text[], r.origin)) OVER (PARTITION BY r.day) AS best
    FROM daily_rollup r
    WHERE r.user_id = $1 AND r.metric = $2 AND r.kind = $9::text
      AND r.day >= coalesce(($3::timestamptz AT TIME ZONE $7::text)::date, '-infinity')
      AND r.day < coalesce(($4::timestamptz AT TIME ZONE $7::text)::date, 'infinity')
      AND ($5::text IS NULL OR r.source = $5)
      AND r.day <> ALL ($10::date[])
)
SELECT date_trunc($6::text, day::timestamp) AT TIME ZONE $7::text AS bucket, source, units,
       sum(n)::bigint AS n, sum(total) AS total, min(lo) AS lo, max(hi) AS hi
FROM day_rows
WHERE rank = best
GROUP BY 1, source, units
ORDER BY 1, source, units
LIMIT $8
