-- $1 user id, $2 the last name of the previous page (NULL: from the start), $3 page size.
-- The catalog counted from the samples, for a user whose rollup is not built yet (metric_catalog.sql otherwise).
-- One entry per stored metric name: units, count, first and last instant, sources. Paged by name: a
-- catalog of a million names took 26-36 s unpaged.
WITH samples AS (
    SELECT metric, units, source, ts FROM quantity_samples WHERE user_id = $1 AND ($2::text IS NULL OR metric > $2)
    UNION ALL
    SELECT metric, units, source, ts FROM heart_rate_samples WHERE user_id = $1 AND ($2::text IS NULL OR metric > $2)
    UNION ALL
    SELECT 'blood_pressure', units, source, ts FROM blood_pressure_samples
    WHERE user_id = $1 AND ($2::text IS NULL OR 'blood_pressure' > $2)
    UNION ALL
    SELECT 'sleep_analysis', units, source, night_start FROM sleep_nights
    WHERE user_id = $1 AND ($2::text IS NULL OR 'sleep_analysis' > $2)
    UNION ALL
    SELECT 'sleep_analysis', units, source, start_ts FROM sleep_segments
    WHERE user_id = $1 AND ($2::text IS NULL OR 'sleep_analysis' > $2)
)
SELECT metric AS name,
       array_agg(DISTINCT units ORDER BY units) AS units,
       count(*) AS count,
       min(ts) AS first,
       max(ts) AS last,
       array_agg(DISTINCT source ORDER BY source) AS sources
FROM samples
GROUP BY metric
ORDER BY metric
LIMIT $3
