-- depends: 0040_add_row_origin
-- The reporting views follow the read API's rules (healthsink/read/), so a Grafana panel and the API give the
-- same numbers: a local day is a day in the user's zone (users.tz), a day imported through several feeds is
-- read from one origin (the app's live feed, then its CSV export, then the Health app's export.zip), units are
-- never mixed (values are stored in each metric's canonical unit; a unit the ingest did not know stays in a
-- row of its own), and merged sources take the largest single source's day total.
-- daily_quantity was per source in the offset the phone wrote, with min(units) over mixed units: replaced.

DROP VIEW daily_quantity;

-- Per user, metric, local day, source and unit, from the day's chosen origin.
CREATE VIEW daily_quantity AS
WITH per_source AS (
    SELECT q.user_id, q.metric, (q.ts AT TIME ZONE u.tz)::date AS local_date, q.source, q.units, q.origin,
           coalesce(sum(q.qty), 0) AS total, avg(q.qty) AS average, min(q.qty) AS minimum, max(q.qty) AS maximum,
           count(q.qty) AS samples
    FROM quantity_samples q
    JOIN users u ON u.id = q.user_id
    GROUP BY 1, 2, 3, 4, 5, 6
), ranked AS (
    SELECT *, array_position(ARRAY['hae', 'csv', 'apple_export'], origin) AS origin_rank,
           min(array_position(ARRAY['hae', 'csv', 'apple_export'], origin))
               OVER (PARTITION BY user_id, metric, local_date) AS best_rank
    FROM per_source
)
SELECT user_id, metric, source, local_date, units, total, average, minimum, maximum, samples, origin
FROM ranked
WHERE origin_rank = best_rank;

-- One row per user, metric, local day and unit: sources merged. total is the largest single source's total
-- (iPhone and Watch count the same steps; adding them double-counts), count that source's samples; average
-- is weighted by samples, minimum and maximum across sources. A week or a month is the sum of these days
-- (sum(total) ... GROUP BY date_trunc('week', local_date)), as the API's merged weeks are.
CREATE VIEW daily_merged AS
SELECT user_id, metric, local_date, units,
       (array_agg(total ORDER BY total DESC, samples DESC))[1] AS total,
       (array_agg(samples ORDER BY total DESC, samples DESC))[1] AS count,
       sum(total) / nullif(sum(samples), 0) AS average,
       min(minimum) AS minimum,
       max(maximum) AS maximum,
       sum(samples) AS samples,
       array_agg(source ORDER BY source) AS sources
FROM daily_quantity
GROUP BY user_id, metric, local_date, units;

DO $$
BEGIN
    GRANT SELECT ON daily_quantity, daily_merged TO healthsink_readonly;
EXCEPTION WHEN undefined_object OR insufficient_privilege THEN
    RAISE NOTICE 'no healthsink_readonly role to grant the views to: see README.md';
END;
$$;
