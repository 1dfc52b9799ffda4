-- merge/workout_series: staging_workout_series -> workout_series, in the flush transaction after the COPY.
-- A key already stored with the same values is left alone (a duplicate); with other values it is
-- updated (a day bucket that grew). Returns (ingestion_id, inserted) for each row inserted or updated: store/flush.py counts
-- them per body (one flush may carry many phones' syncs) and the rest as duplicates.
WITH src AS (
    SELECT DISTINCT ON (user_id, workout_key, series, source, ts)
        user_id, workout_key, series, source, ts, utc_offset, units, qty, qty_min, qty_max, extra,
        ingestion_id
    FROM staging_workout_series
    ORDER BY user_id, workout_key, series, source, ts, seq DESC
)
INSERT INTO workout_series AS t (
    user_id, workout_key, series, source, ts, utc_offset, units, qty, qty_min, qty_max,
    extra, ingestion_id
)
SELECT
    user_id, workout_key, series, source, ts, utc_offset, units, qty, qty_min, qty_max,
    extra, ingestion_id
FROM src
ON CONFLICT (user_id, workout_key, series, source, ts) DO UPDATE SET
    utc_offset = EXCLUDED.utc_offset,
    units = EXCLUDED.units,
    qty = EXCLUDED.qty,
    qty_min = EXCLUDED.qty_min,
    qty_max = EXCLUDED.qty_max,
    extra = EXCLUDED.extra,
    ingestion_id = EXCLUDED.ingestion_id,
    updated_at = EXCLUDED.updated_at  -- its default, now(): Citus refuses now() here
-- newest body wins: a row is changed only by a body received no earlier than the one that wrote it
-- (ingestion ids are drawn in order of receipt), so a queued backfill or a reprocessed old body
-- cannot overwrite a newer sync's larger day total
WHERE (t.ingestion_id IS NULL OR t.ingestion_id <= EXCLUDED.ingestion_id)
    AND (t.utc_offset, t.units, t.qty, t.qty_min, t.qty_max, t.extra)
    IS DISTINCT FROM (EXCLUDED.utc_offset, EXCLUDED.units, EXCLUDED.qty, EXCLUDED.qty_min,
        EXCLUDED.qty_max, EXCLUDED.extra)
-- an inserted row has created_at = updated_at (both defaults of this statement); an updated row has the
-- newer updated_at (xmax is not available on partitioned tables; now() here would be a Citus worker's)
RETURNING ingestion_id, created_at = updated_at AS inserted
