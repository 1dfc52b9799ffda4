-- Views for SQL and Grafana, and a read-only role that may read them (and the health tables), never the
-- keys or the raw archive. Local time is the instant plus the offset the phone wrote with it.

CREATE VIEW quantity_local AS
SELECT user_id, metric, source, ts,
       (ts AT TIME ZONE 'UTC') + make_interval(mins => utc_offset) AS local_time,
       ((ts AT TIME ZONE 'UTC') + make_interval(mins => utc_offset))::date AS local_date,
       units, qty, label
FROM quantity_samples;

CREATE VIEW heart_rate_local AS
SELECT user_id, metric, source, ts,
       (ts AT TIME ZONE 'UTC') + make_interval(mins => utc_offset) AS local_time,
       ((ts AT TIME ZONE 'UTC') + make_interval(mins => utc_offset))::date AS local_date,
       units, hr_min, hr_avg, hr_max, context
FROM heart_rate_samples;

-- Per local day and source. Sources are kept apart: iPhone and Watch count the same steps.
CREATE VIEW daily_quantity AS
SELECT user_id, metric, source, local_date, min(units) AS units,
       sum(qty) AS total, avg(qty) AS average, min(qty) AS minimum, max(qty) AS maximum, count(*) AS samples
FROM quantity_local
GROUP BY user_id, metric, source, local_date;

CREATE VIEW workout_summaries AS
SELECT user_id, workout_key, name, start_ts, end_ts, duration_s, location, is_indoor,
       (summary -> 'distance' ->> 'qty')::double precision AS distance,
       summary -> 'distance' ->> 'units' AS distance_units,
       coalesce(summary -> 'activeEnergyBurned' ->> 'qty', summary -> 'activeEnergy' ->> 'qty')::double precision
           AS active_energy,
       coalesce(summary -> 'activeEnergyBurned' ->> 'units', summary -> 'activeEnergy' ->> 'units')
           AS active_energy_units
FROM workouts;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'healthsink_readonly') THEN
        CREATE ROLE healthsink_readonly NOLOGIN;
    END IF;
    GRANT USAGE ON SCHEMA public TO healthsink_readonly;
    GRANT SELECT ON quantity_samples, heart_rate_samples, blood_pressure_samples, heartbeat_series,
        sleep_nights, sleep_segments, workouts, workout_series, workout_route_points, ecg_recordings,
        symptoms, state_of_mind, medications, cycle_events, heart_rate_notifications,
        quantity_local, heart_rate_local, daily_quantity, workout_summaries TO healthsink_readonly;
    GRANT SELECT (id, email, created_at) ON users TO healthsink_readonly;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'no privilege to create the healthsink_readonly role: create it as described in README.md';
END;
$$;
