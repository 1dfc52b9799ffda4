-- Staging for workouts (see store/staging.py): made on every pooled connection as it opens.
-- The merge consumes the rows (DELETE ... RETURNING). `seq` keeps arrival order: when one batch holds a key twice, the later one wins.
CREATE TEMP TABLE staging_workouts (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, workout_key text, version smallint, name text, start_ts timestamptz,
    end_ts timestamptz, utc_offset smallint, duration_s double precision, location text,
    is_indoor boolean, summary jsonb, metadata jsonb, extra jsonb, ingestion_id bigint
)
