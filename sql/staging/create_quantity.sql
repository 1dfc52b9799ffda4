-- Staging for quantity (see store/staging.py): made on every pooled connection as it opens.
-- The merge consumes the rows (DELETE ... RETURNING). `seq` keeps arrival order: when one batch holds a key twice, the later one wins.
CREATE TEMP TABLE staging_quantity (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, metric text, source text, ts timestamptz, end_ts timestamptz, utc_offset smallint,
    units text, orig_units text, qty double precision, label text, extra jsonb, ingestion_id bigint
)
