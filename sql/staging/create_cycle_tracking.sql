-- Staging for cycle_tracking (see store/staging.py): made on every pooled connection as it opens.
-- The merge consumes the rows (DELETE ... RETURNING). `seq` keeps arrival order: when one batch holds a key twice, the later one wins.
CREATE TEMP TABLE staging_cycle_tracking (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, name text, start_ts timestamptz, end_ts timestamptz, utc_offset smallint,
    value text, is_cycle_start boolean, extra jsonb, ingestion_id bigint
)
