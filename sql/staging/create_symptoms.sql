-- Staging for symptoms (see store/staging.py): made on every pooled connection as it opens.
-- The merge consumes the rows (DELETE ... RETURNING). `seq` keeps arrival order: when one batch holds a key twice, the later one wins.
CREATE TEMP TABLE staging_symptoms (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, name text, start_ts timestamptz, end_ts timestamptz, utc_offset smallint,
    severity text, user_entered boolean, source text, extra jsonb, ingestion_id bigint
)
