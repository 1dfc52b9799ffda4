-- merge/source_aliases: staging_source_aliases -> source_aliases, in the flush transaction after the COPY.
-- A spelling seen before is left alone unless the rule now maps it elsewhere; ingestion_id is the body that
-- first sent it. Returns (ingestion_id, inserted) per row written, as every merge does (not counted in responses).
WITH src AS (
    SELECT DISTINCT ON (user_id, raw)
        user_id, raw, source, ingestion_id
    FROM staging_source_aliases
    ORDER BY user_id, raw, seq DESC
)
INSERT INTO source_aliases AS t (user_id, raw, source, ingestion_id)
SELECT user_id, raw, source, ingestion_id
FROM src
ON CONFLICT (user_id, raw) DO UPDATE SET
    source = EXCLUDED.source,
    ingestion_id = EXCLUDED.ingestion_id,
    updated_at = EXCLUDED.updated_at  -- its default, now(): Citus refuses now() here
-- newest body wins: a row is changed only by a body received no earlier than the one that wrote it
-- (ingestion ids are drawn in order of receipt), so a queued backfill or a reprocessed old body
-- cannot overwrite a newer sync's larger day total
WHERE (t.ingestion_id IS NULL OR t.ingestion_id <= EXCLUDED.ingestion_id)
    AND t.source <> EXCLUDED.source
-- an inserted row has created_at = updated_at (both defaults of this statement); an updated row has the
-- newer updated_at (now() here would be a Citus worker's)
RETURNING ingestion_id, created_at = updated_at AS inserted
