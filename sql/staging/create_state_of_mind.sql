-- Staging for state_of_mind (see store/staging.py): made on every pooled connection as it opens.
-- The merge consumes the rows (DELETE ... RETURNING). `seq` keeps arrival order: when one batch holds a key twice, the later one wins.
CREATE TEMP TABLE staging_state_of_mind (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, id text, start_ts timestamptz, end_ts timestamptz, utc_offset smallint, kind text,
    labels text[], associations text[], valence double precision, valence_classification text,
    metadata jsonb, extra jsonb, ingestion_id bigint
)
