-- Staging for ecg (see store/staging.py): made on every pooled connection as it opens.
-- The merge consumes the rows (DELETE ... RETURNING). `seq` keeps arrival order: when one batch holds a key twice, the later one wins.
CREATE TEMP TABLE staging_ecg (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, source text, start_ts timestamptz, end_ts timestamptz, utc_offset smallint,
    classification text, severity text, average_heart_rate double precision,
    sampling_frequency double precision, measurement_count integer, voltage_units text,
    sample_epochs double precision[], voltages double precision[], extra jsonb, ingestion_id bigint
)
