-- Staging for heartbeat_series (see store/staging.py): made on every pooled connection as it opens.
-- The merge consumes the rows (DELETE ... RETURNING). `seq` keeps arrival order: when one batch holds a key twice, the later one wins.
CREATE TEMP TABLE staging_heartbeat_series (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, source text, ts timestamptz, utc_offset smallint, beat_epochs double precision[],
    since_start double precision[], preceded_by_gap boolean[], ingestion_id bigint
)
