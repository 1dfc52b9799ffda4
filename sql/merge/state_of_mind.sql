-- merge/state_of_mind: staging_state_of_mind -> state_of_mind, in the flush transaction after the COPY.
-- A key already stored with the same values is left alone (a duplicate); with other values it is
-- updated (a day bucket that grew). Returns (ingestion_id, inserted) for each row inserted or updated: store/flush.py counts
-- them per body (one flush may carry many phones' syncs) and the rest as duplicates.
WITH src AS (
    SELECT DISTINCT ON (user_id, id)
        user_id, id, start_ts, end_ts, utc_offset, kind, labels, associations, valence,
        valence_classification, metadata, extra, ingestion_id
    FROM staging_state_of_mind
    ORDER BY user_id, id, seq DESC
)
INSERT INTO state_of_mind AS t (
    user_id, id, start_ts, end_ts, utc_offset, kind, labels, associations, valence,
    valence_classification, metadata, extra, ingestion_id
)
SELECT
    user_id, id, start_ts, end_ts, utc_offset, kind, labels, associations, valence,
    valence_classification, metadata, extra, ingestion_id
FROM src
ON CONFLICT (user_id, id) DO UPDATE SET
    start_ts = EXCLUDED.start_ts,
    end_ts = EXCLUDED.end_ts,
    utc_offset = EXCLUDED.utc_offset,
    kind = EXCLUDED.kind,
    labels = EXCLUDED.labels,
    associations = EXCLUDED.associations,
    valence = EXCLUDED.valence,
    valence_classification = EXCLUDED.valence_classification,
    metadata = EXCLUDED.metadata,
    extra = EXCLUDED.extra,
    ingestion_id = EXCLUDED.ingestion_id,
    updated_at = EXCLUDED.updated_at  -- its default, now(): Citus refuses now() here
-- newest body wins: a row is changed only by a body received no earlier than the one that wrote it
-- (ingestion ids are drawn in order of receipt), so a queued backfill or a reprocessed old body
-- cannot overwrite a newer sync's larger day total
WHERE (t.ingestion_id IS NULL OR t.ingestion_id <= EXCLUDED.ingestion_id)
    AND (t.start_ts, t.end_ts, t.utc_offset, t.kind, t.labels, t.associations,
        t.valence, t.valence_classification, t.metadata, t.extra)
    IS DISTINCT FROM (EXCLUDED.start_ts, EXCLUDED.end_ts, EXCLUDED.utc_offset, EXCLUDED.kind,
        EXCLUDED.labels, EXCLUDED.associations, EXCLUDED.valence,
        EXCLUDED.valence_classification, EXCLUDED.metadata, EXCLUDED.extra)
-- an inserted row has created_at = updated_at (both defaults of this statement); an updated row has the
-- newer updated_at (xmax is not available on partitioned tables; now() here would be a Citus worker's)
RETURNING ingestion_id, created_at = updated_at AS inserted
