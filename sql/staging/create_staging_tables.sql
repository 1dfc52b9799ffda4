-- prepare: no (several statements, run by store/db.py init_connection on every new connection)
-- Per-connection staging tables for COPY -> merge (run once per pooled connection).
-- Rows vanish at commit, so each flush transaction starts empty. `seq` orders rows in arrival order:
-- when one batch holds the same key twice, the later one wins.
CREATE TEMP TABLE IF NOT EXISTS staging_quantity (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, metric text, source text, ts timestamptz, end_ts timestamptz, utc_offset smallint,
    units text, qty double precision, label text, extra jsonb, ingestion_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS staging_heart_rate (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, metric text, source text, ts timestamptz, end_ts timestamptz, utc_offset smallint,
    units text, hr_min double precision, hr_avg double precision, hr_max double precision, context text,
    extra jsonb, ingestion_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS staging_blood_pressure (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, source text, ts timestamptz, utc_offset smallint, units text,
    systolic double precision, diastolic double precision, extra jsonb, ingestion_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS staging_heartbeat_series (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, source text, ts timestamptz, utc_offset smallint, beat_epochs double precision[],
    since_start double precision[], preceded_by_gap boolean[], ingestion_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS staging_sleep_nights (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, source text, night_start timestamptz, date_ts timestamptz, utc_offset smallint,
    units text, total_sleep double precision, asleep double precision, core double precision,
    deep double precision, rem double precision, awake double precision, in_bed double precision,
    sleep_start timestamptz, sleep_end timestamptz, in_bed_start timestamptz, in_bed_end timestamptz,
    sleep_source text, in_bed_source text, extra jsonb, ingestion_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS staging_sleep_segments (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, source text, stage text, start_ts timestamptz, end_ts timestamptz,
    utc_offset smallint, units text, qty double precision, extra jsonb, ingestion_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS staging_workouts (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, workout_key text, version smallint, name text, start_ts timestamptz,
    end_ts timestamptz, utc_offset smallint, duration_s double precision, location text,
    is_indoor boolean, summary jsonb, metadata jsonb, extra jsonb, ingestion_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS staging_workout_series (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, workout_key text, series text, source text, ts timestamptz, utc_offset smallint,
    units text, qty double precision, qty_min double precision, qty_max double precision,
    extra jsonb, ingestion_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS staging_route_points (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, workout_key text, ts timestamptz, utc_offset smallint, latitude double precision,
    longitude double precision, altitude double precision, course double precision,
    course_accuracy double precision, horizontal_accuracy double precision,
    vertical_accuracy double precision, speed double precision, speed_accuracy double precision,
    extra jsonb, ingestion_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS staging_ecg (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, source text, start_ts timestamptz, end_ts timestamptz, utc_offset smallint,
    classification text, severity text, average_heart_rate double precision,
    sampling_frequency double precision, measurement_count integer, voltage_units text,
    sample_epochs double precision[], voltages double precision[], extra jsonb, ingestion_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS staging_symptoms (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, name text, start_ts timestamptz, end_ts timestamptz, utc_offset smallint,
    severity text, user_entered boolean, source text, extra jsonb, ingestion_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS staging_state_of_mind (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, id text, start_ts timestamptz, end_ts timestamptz, utc_offset smallint, kind text,
    labels text[], associations text[], valence double precision, valence_classification text,
    metadata jsonb, extra jsonb, ingestion_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS staging_medications (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, name text, ts timestamptz, utc_offset smallint, start_ts timestamptz,
    end_ts timestamptz, scheduled_ts timestamptz, nickname text, status text, form text,
    is_archived boolean, dosage double precision, codings jsonb, extra jsonb, ingestion_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS staging_cycle_events (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, name text, start_ts timestamptz, end_ts timestamptz, utc_offset smallint,
    value text, is_cycle_start boolean, extra jsonb, ingestion_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS staging_hr_notifications (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, kind text, start_ts timestamptz, end_ts timestamptz, utc_offset smallint,
    threshold double precision, source text, source_id text, heart_rate jsonb, hrv jsonb,
    extra jsonb, ingestion_id bigint
) ON COMMIT DELETE ROWS;
