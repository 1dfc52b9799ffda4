-- merge/workouts: staging_workouts -> workouts, in the flush transaction after the COPY.
-- A key already stored with the same values is left alone (a duplicate); with other values it is
-- updated (a day bucket that grew). Returns (ingestion_id, inserted) for each row inserted or updated: store/flush.py counts
-- them per body (one flush may carry many phones' syncs) and the rest as duplicates.
WITH src AS (
    SELECT DISTINCT ON (user_id, workout_key)
        user_id, workout_key, version, name, start_ts, end_ts, utc_offset, duration_s, location, is_indoor,
        summary, metadata, extra, ingestion_id
    FROM staging_workouts
    ORDER BY user_id, workout_key, seq DESC
)
INSERT INTO workouts AS t (
    user_id, workout_key, version, name, start_ts, end_ts, utc_offset, duration_s,
    location, is_indoor, summary, metadata, extra, ingestion_id, origin
)
SELECT
    user_id, workout_key, version, name, start_ts, end_ts, utc_offset, duration_s,
    location, is_indoor, summary, metadata, extra, ingestion_id,
    coalesce(o.origin, 'hae') AS origin
FROM src LEFT JOIN ingestion_origins o USING (user_id, ingestion_id)
ON CONFLICT (user_id, workout_key) DO UPDATE SET
    version = EXCLUDED.version,
    name = EXCLUDED.name,
    start_ts = EXCLUDED.start_ts,
    end_ts = EXCLUDED.end_ts,
    utc_offset = EXCLUDED.utc_offset,
    duration_s = EXCLUDED.duration_s,
    location = EXCLUDED.location,
    is_indoor = EXCLUDED.is_indoor,
    summary = EXCLUDED.summary,
    metadata = EXCLUDED.metadata,
    extra = EXCLUDED.extra,
    ingestion_id = EXCLUDED.ingestion_id,
    origin = EXCLUDED.origin,
    updated_at = EXCLUDED.updated_at  -- its default, now(): Citus refuses now() here
-- an export never overwrites what the live feed wrote
-- newest body wins: a row is changed only by a body received no earlier than the one that wrote it
-- (ingestion ids are drawn in order of receipt), so a queued backfill or a reprocessed old body
-- cannot overwrite a newer sync's larger day total
WHERE (t.ingestion_id IS NULL OR t.ingestion_id <= EXCLUDED.ingestion_id)
    AND (EXCLUDED.origin <> 'apple_export' OR t.origin = 'apple_export')
    AND (t.version, t.name, t.start_ts, t.end_ts, t.utc_offset, t.duration_s,
        t.location, t.is_indoor, t.summary, t.metadata, t.extra)
    IS DISTINCT FROM (EXCLUDED.version, EXCLUDED.name, EXCLUDED.start_ts, EXCLUDED.end_ts,
        EXCLUDED.utc_offset, EXCLUDED.duration_s, EXCLUDED.location,
        EXCLUDED.is_indoor, EXCLUDED.summary, EXCLUDED.metadata, EXCLUDED.extra)
-- an inserted row has created_at = updated_at (both defaults of this statement); an updated row has the
-- newer updated_at (xmax is not available on partitioned tables; now() here would be a Citus worker's)
RETURNING ingestion_id, created_at = updated_at AS inserted
