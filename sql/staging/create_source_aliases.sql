-- Staging for source_aliases (see store/staging.py): made on every pooled connection as it opens.
-- The merge consumes the rows (DELETE ... RETURNING). `seq` keeps arrival order: when one batch holds a key twice, the later one wins.
CREATE TEMP TABLE staging_source_aliases (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, raw text, source text, ingestion_id bigint
)
