-- depends: 0021_create_daily_merged_view
-- Views for the Grafana kit (deploy/grafana/), following the read API's rules like daily_merged (0021): local
-- days in the user's zone (users.tz), one origin per day, sources merged without double counting.

-- Heart rate per user and local day, sources merged as the API's merge=true: minimum and maximum across
-- sources, the average weighted by samples.
CREATE VIEW heart_rate_daily AS
WITH per_day AS (
    SELECT h.user_id, (h.ts AT TIME ZONE u.tz)::date AS local_date, h.units, h.source, h.origin,
           h.hr_min, h.hr_avg, h.hr_max
    FROM heart_rate_samples h
    JOIN users u ON u.id = h.user_id
    WHERE h.metric = 'heart_rate'
), ranked AS (
    SELECT *, array_position(ARRAY['hae', 'csv', 'apple_export'], origin) AS origin_rank,
           min(array_position(ARRAY['hae', 'csv', 'apple_export'], origin))
               OVER (PARTITION BY user_id, local_date) AS best_rank
    FROM per_day
)
SELECT user_id, local_date, units, min(coalesce(hr_min, hr_avg)) AS minimum, avg(hr_avg) AS average,
       max(coalesce(hr_max, hr_avg)) AS maximum, count(*) AS samples, array_agg(DISTINCT source) AS sources
FROM ranked
WHERE origin_rank = best_rank
GROUP BY user_id, local_date, units;

-- The app's aggregated sleep nights, one per night and source (never summed across sources: a Watch and a
-- sleep app record the same hours), dated as the API dates them: the local day the sleep ended, sleep ending
-- before 18:00 belonging to that day. Stage totals in hours.
CREATE VIEW sleep_nights_local AS
SELECT s.user_id, s.source,
       ((coalesce(s.sleep_end, s.in_bed_end, s.date_ts, s.night_start) AT TIME ZONE u.tz) + interval '6 hours')::date
           AS night,
       s.total_sleep, s.asleep, s.core, s.deep, s.rem, s.awake, s.in_bed,
       coalesce(s.in_bed_start, s.sleep_start) AS bed_time, coalesce(s.sleep_end, s.in_bed_end) AS wake_time
FROM sleep_nights s
JOIN users u ON u.id = s.user_id;

DO $$
BEGIN
    GRANT SELECT ON heart_rate_daily, sleep_nights_local TO healthsink_readonly;
EXCEPTION WHEN undefined_object OR insufficient_privilege THEN
    RAISE NOTICE 'no healthsink_readonly role to grant the views to: see README.md';
END;
$$;
