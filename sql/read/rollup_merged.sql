-- $1 user id, $2 metric, $3 start or NULL, $4 end or NULL (exclusive; local midnights in $7), $5 source or NULL,
-- $6 bucket (day|week|month), $7 the user's rollup zone, $8 row limit, $9 kind ('quantity' or 'heart_rate'), $10 local
-- days to leave out (marked: read from the samples), $11 origins in order of preference (series.ORIGINS).
-- Merged day, week or month buckets per unit from the daily rollup, by the rule of healthsink/read/stats.py applied
-- here: each local day keeps its preferred origin's rows; per day and unit the sources are merged (the largest
-- source's total and count, by total then count; every source's values together for n, total, lo and hi); the
-- days of a bucket are then added up. The read domain uses this only where ordering by the stored total is
-- ordering by the converted one (one stored unit per answer, converted without an offset) and else merges the
-- rollup's day rows itself.
WITH ranked AS (
    SELECT r.day, r.source, r.units, r.n, r.total, r.lo, r.hi, array_position($11::text[], r.origin) AS rank
    FROM daily_rollup r
    WHERE r.user_id = $1 AND r.metric = $2 AND r.kind = $9::text
      AND r.day >= coalesce(($3::timestamptz AT TIME ZONE $7::text)::date, '-infinity')
      AND r.day < coalesce(($4::timestamptz AT TIME ZONE $7::text)::date, 'infinity')
      AND ($5::text IS NULL OR r.source = $5)
      AND r.day <> ALL ($10::date[])
), day_rows AS (
    SELECT day, source, units, n, total, lo, hi, rank, min(rank) OVER (PARTITION BY day) AS best
    FROM ranked
), per_day AS (  -- one origin a day, then (day, source, unit) is one row; the day's largest source by total, then
                 -- count, is the greatest [total, n]; k = 1 on one row of each day and unit
    SELECT day, date_trunc($6::text, day::timestamp) AS b, source, units, n, total, lo, hi,
           max(ARRAY[total, n::float8]) OVER (PARTITION BY day, units) AS top,
           row_number() OVER (PARTITION BY day, units) AS k
    FROM day_rows
    WHERE rank = best
)
-- sources: each once a day it had values (the read domain makes the set; no sort here)
SELECT b AT TIME ZONE $7::text AS bucket, units,
       sum(top[1]) FILTER (WHERE k = 1) AS top_total, (sum(top[2]) FILTER (WHERE k = 1))::bigint AS top_n,
       sum(n)::bigint AS n, sum(total) AS total, min(lo) AS lo, max(hi) AS hi, array_agg(source) AS sources
FROM per_day
GROUP BY b, units
ORDER BY b, units
LIMIT $8
