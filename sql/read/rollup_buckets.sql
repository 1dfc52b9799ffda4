-- $1 user id, $2 metric, $3 start or NULL, $4 end or NULL (exclusive), both local midnights in $7 (the read
-- domain checks), $5 source or NULL, $6 bucket (day|week|month), $7 IANA zone: the user's rollup zone
-- (rollup_zones), $8 row limit, $9 kind ('quantity' or 'heart_rate': the table). The rows quantity_buckets.sql
-- or heart_rate_buckets.sql return for a grain of a day, from the daily rollup (migration 0045): one row per
-- local day, source, unit and origin. A day a flush marked since it was rolled up (rollup_marks: UTC days, each
-- overlapping at most two local days) is read from the samples instead.
WITH dirty AS (
    SELECT DISTINCT d.day
    FROM rollup_marks m
    CROSS JOIN LATERAL (VALUES
        ((m.utc_day::timestamp AT TIME ZONE 'UTC' AT TIME ZONE $7::text)::date),
        (((((m.utc_day + 1)::timestamp AT TIME ZONE 'UTC') - interval '1 microsecond') AT TIME ZONE $7::text)::date)
    ) d (day)
    WHERE m.user_id = $1 AND m.metric = $2 AND m.kind = $9::text
), span AS (
    SELECT coalesce(($3::timestamptz AT TIME ZONE $7::text)::date, '-infinity') AS first_day,
           coalesce(($4::timestamptz AT TIME ZONE $7::text)::date, 'infinity') AS end_day
), days AS (
    SELECT r.day, r.source, r.units, r.origin, r.n, r.total, r.lo, r.hi
    FROM daily_rollup r, span
    WHERE r.user_id = $1 AND r.metric = $2 AND r.kind = $9::text
      AND r.day >= span.first_day AND r.day < span.end_day
      AND ($5::text IS NULL OR r.source = $5)
      AND r.day NOT IN (SELECT day FROM dirty)
    UNION ALL
    SELECT d.day, s.source, s.units, s.origin, count(s.qty), coalesce(sum(s.qty), 0), min(s.qty), max(s.qty)
    FROM span
    JOIN dirty d ON d.day >= span.first_day AND d.day < span.end_day
    JOIN quantity_samples s ON s.user_id = $1 AND s.metric = $2
        AND s.ts >= (d.day::timestamp AT TIME ZONE $7::text) - interval '3 hours'
        AND s.ts < ((d.day + 1)::timestamp AT TIME ZONE $7::text) + interval '3 hours'
        AND (s.ts AT TIME ZONE $7::text)::date = d.day
    WHERE $9::text = 'quantity' AND ($5::text IS NULL OR s.source = $5)
    GROUP BY d.day, s.source, s.units, s.origin
    UNION ALL
    SELECT d.day, s.source, s.units, s.origin, count(s.hr_avg), coalesce(sum(s.hr_avg), 0), min(s.hr_min), max(s.hr_max)
    FROM span
    JOIN dirty d ON d.day >= span.first_day AND d.day < span.end_day
    JOIN heart_rate_samples s ON s.user_id = $1 AND s.metric = $2
        AND s.ts >= (d.day::timestamp AT TIME ZONE $7::text) - interval '3 hours'
        AND s.ts < ((d.day + 1)::timestamp AT TIME ZONE $7::text) + interval '3 hours'
        AND (s.ts AT TIME ZONE $7::text)::date = d.day
    WHERE $9::text = 'heart_rate' AND ($5::text IS NULL OR s.source = $5)
    GROUP BY d.day, s.source, s.units, s.origin
)
SELECT day::timestamp AT TIME ZONE $7::text AS grain, date_trunc($6::text, day::timestamp) AT TIME ZONE $7::text AS bucket,
       day, source, units, origin, n, total, lo, hi
FROM days
ORDER BY day, source, units, origin
LIMIT $8
