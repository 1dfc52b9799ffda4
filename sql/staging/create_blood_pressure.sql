-- Staging for blood_pressure (see store/staging.py): made on every pooled connection as it opens.
-- The merge consumes the rows (DELETE ... RETURNING). `seq` keeps arrival order: when one batch holds a key twice, the later one wins.
CREATE TEMP TABLE staging_blood_pressure (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, source text, ts timestamptz, utc_offset smallint, units text,
    systolic double precision, diastolic double precision, extra jsonb, ingestion_id bigint
)
