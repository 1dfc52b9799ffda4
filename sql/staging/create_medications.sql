-- Staging for medications (see store/staging.py): made on every pooled connection as it opens.
-- The merge consumes the rows (DELETE ... RETURNING). `seq` keeps arrival order: when one batch holds a key twice, the later one wins.
CREATE TEMP TABLE staging_medications (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, name text, ts timestamptz, utc_offset smallint, start_ts timestamptz,
    end_ts timestamptz, scheduled_ts timestamptz, nickname text, status text, form text,
    is_archived boolean, dosage double precision, codings jsonb, extra jsonb, ingestion_id bigint
)
