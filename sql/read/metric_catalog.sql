-- $1 user id, $2 the last name of the previous page (NULL: from the start), $3 page size, $4 the user's rollup
-- zone (rollup_zones). One entry per stored metric name: units, count, first and last instant, sources, as
-- metric_catalog_samples.sql counts them, from the catalog rows the rollup keeps (metric_summary): the local
-- days a flush marked since they were rolled up are taken out of those and counted from the samples. Samples
-- are only added or changed by flushes (a delete rolls up again at once), so the first and last instants are
-- the smaller and larger of both. Blood pressure and sleep (a few rows a day) are counted from their tables.
-- The marked days are counted by runs of consecutive days, one index range scan each (LATERAL: the
-- partitions outside a run are skipped at run time); a join of the days to the samples was a hash join over
-- every sample of the user, ~1 s on a year of per-minute data.
WITH dirty AS (
    SELECT DISTINCT m.metric, m.kind, d.day
    FROM rollup_marks m
    CROSS JOIN LATERAL (VALUES
        ((m.utc_day::timestamp AT TIME ZONE 'UTC' AT TIME ZONE $4::text)::date),
        (((((m.utc_day + 1)::timestamp AT TIME ZONE 'UTC') - interval '1 microsecond') AT TIME ZONE $4::text)::date)
    ) d (day)
    WHERE m.user_id = $1 AND ($2::text IS NULL OR m.metric > $2)
), runs AS (
    SELECT metric, kind, min(day) AS first_day, max(day) AS last_day
    FROM (SELECT metric, kind, day, day - (row_number() OVER (PARTITION BY metric, kind ORDER BY day))::int AS run
          FROM dirty) numbered
    GROUP BY metric, kind, run
), spans AS (
    SELECT metric, kind, first_day, last_day,
           (first_day::timestamp AT TIME ZONE $4::text) - interval '3 hours' AS lo,
           ((last_day + 1)::timestamp AT TIME ZONE $4::text) + interval '3 hours' AS hi
    FROM runs
), entries AS (
    SELECT metric, source, units, rows, first_ts, last_ts
    FROM metric_summary
    WHERE user_id = $1 AND ($2::text IS NULL OR metric > $2)
    UNION ALL
    SELECT r.metric, r.source, r.units, -r.rows, NULL, NULL
    FROM dirty d
    JOIN daily_rollup r ON r.user_id = $1 AND r.metric = d.metric AND r.kind = d.kind AND r.day = d.day
    UNION ALL
    SELECT d.metric, c.source, c.units, c.n, c.first_ts, c.last_ts
    FROM spans d
    CROSS JOIN LATERAL (
        SELECT s.source, s.units, count(*) AS n, min(s.ts) AS first_ts, max(s.ts) AS last_ts
        FROM quantity_samples s
        WHERE s.user_id = $1 AND s.metric = d.metric AND s.ts >= d.lo AND s.ts < d.hi
          AND (s.ts AT TIME ZONE $4::text)::date BETWEEN d.first_day AND d.last_day
        GROUP BY s.source, s.units
    ) c
    WHERE d.kind = 'quantity'
    UNION ALL
    SELECT d.metric, c.source, c.units, c.n, c.first_ts, c.last_ts
    FROM spans d
    CROSS JOIN LATERAL (
        SELECT s.source, s.units, count(*) AS n, min(s.ts) AS first_ts, max(s.ts) AS last_ts
        FROM heart_rate_samples s
        WHERE s.user_id = $1 AND s.metric = d.metric AND s.ts >= d.lo AND s.ts < d.hi
          AND (s.ts AT TIME ZONE $4::text)::date BETWEEN d.first_day AND d.last_day
        GROUP BY s.source, s.units
    ) c
    WHERE d.kind = 'heart_rate'
    UNION ALL
    SELECT 'blood_pressure', source, units, count(*), min(ts), max(ts)
    FROM blood_pressure_samples
    WHERE user_id = $1 AND ($2::text IS NULL OR 'blood_pressure' > $2)
    GROUP BY source, units
    UNION ALL
    SELECT 'sleep_analysis', source, units, count(*), min(night_start), max(night_start)
    FROM sleep_nights
    WHERE user_id = $1 AND ($2::text IS NULL OR 'sleep_analysis' > $2)
    GROUP BY source, units
    UNION ALL
    SELECT 'sleep_analysis', source, units, count(*), min(start_ts), max(start_ts)
    FROM sleep_segments
    WHERE user_id = $1 AND ($2::text IS NULL OR 'sleep_analysis' > $2)
    GROUP BY source, units
), per_entry AS (
    SELECT metric, source, units, sum(rows) AS rows, min(first_ts) AS first_ts, max(last_ts) AS last_ts
    FROM entries
    GROUP BY metric, source, units
    HAVING sum(rows) > 0
)
SELECT metric AS name,
       array_agg(DISTINCT units ORDER BY units) AS units,
       sum(rows)::bigint AS count,
       min(first_ts) AS first,
       max(last_ts) AS last,
       array_agg(DISTINCT source ORDER BY source) AS sources
FROM per_entry
GROUP BY metric
ORDER BY metric
LIMIT $3
