-- $1 user ids, $2 metrics, $3 kinds, $4 local days (arrays of one length): each day's rollup rows computed from
-- the samples, in the user's rollup zone, with the statistics the bucket statements compute for a day
-- (sql/read/*_buckets.sql). A day is the samples whose local date it is; the range around it (3 hours wider
-- than the day, for zones whose midnight moves) lets the primary key's index find them.
WITH g AS (
    SELECT DISTINCT g.user_id, g.metric, g.kind, g.day, z.tz
    FROM unnest($1::bigint[], $2::text[], $3::text[], $4::date[]) g (user_id, metric, kind, day)
    JOIN rollup_zones z USING (user_id)
)
INSERT INTO daily_rollup (user_id, metric, kind, day, source, units, origin, rows, n, total, lo, hi, first_ts, last_ts)
SELECT g.user_id, g.metric, 'quantity', g.day, s.source, s.units, s.origin,
       count(*), count(s.qty), coalesce(sum(s.qty), 0), min(s.qty), max(s.qty), min(s.ts), max(s.ts)
FROM g
JOIN quantity_samples s ON s.user_id = g.user_id AND s.metric = g.metric
    AND s.ts >= (g.day::timestamp AT TIME ZONE g.tz) - interval '3 hours'
    AND s.ts < ((g.day + 1)::timestamp AT TIME ZONE g.tz) + interval '3 hours'
    AND (s.ts AT TIME ZONE g.tz)::date = g.day
WHERE g.kind = 'quantity'
GROUP BY g.user_id, g.metric, g.day, s.source, s.units, s.origin
UNION ALL
SELECT g.user_id, g.metric, 'heart_rate', g.day, s.source, s.units, s.origin,
       count(*), count(s.hr_avg), coalesce(sum(s.hr_avg), 0), min(s.hr_min), max(s.hr_max), min(s.ts), max(s.ts)
FROM g
JOIN heart_rate_samples s ON s.user_id = g.user_id AND s.metric = g.metric
    AND s.ts >= (g.day::timestamp AT TIME ZONE g.tz) - interval '3 hours'
    AND s.ts < ((g.day + 1)::timestamp AT TIME ZONE g.tz) + interval '3 hours'
    AND (s.ts AT TIME ZONE g.tz)::date = g.day
WHERE g.kind = 'heart_rate'
GROUP BY g.user_id, g.metric, g.day, s.source, s.units, s.origin
