-- Staging for workout_series (see store/staging.py): made on every pooled connection as it opens.
-- The merge consumes the rows (DELETE ... RETURNING). `seq` keeps arrival order: when one batch holds a key twice, the later one wins.
CREATE TEMP TABLE staging_workout_series (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, workout_key text, series text, source text, ts timestamptz, utc_offset smallint,
    units text, qty double precision, qty_min double precision, qty_max double precision,
    extra jsonb, ingestion_id bigint
)
