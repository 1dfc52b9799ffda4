-- Staging for heart_rate_notifications (see store/staging.py): made on every pooled connection as it opens.
-- The merge consumes the rows (DELETE ... RETURNING). `seq` keeps arrival order: when one batch holds a key twice, the later one wins.
CREATE TEMP TABLE staging_heart_rate_notifications (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, kind text, start_ts timestamptz, end_ts timestamptz, utc_offset smallint,
    threshold double precision, source text, source_id text, heart_rate jsonb, hrv jsonb,
    extra jsonb, ingestion_id bigint
)
