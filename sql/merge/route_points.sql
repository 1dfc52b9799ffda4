-- merge/route_points: staging_route_points -> workout_route_points, in the flush transaction after the COPY.
-- A key already stored with the same values is left alone (a duplicate); with other values it is
-- updated (a day bucket that grew). Returns (ingestion_id, inserted) for each row inserted or updated: store/flush.py counts
-- them per body (one flush may carry many phones' syncs) and the rest as duplicates.
WITH src AS (
    SELECT DISTINCT ON (user_id, workout_key, ts)
        user_id, workout_key, ts, utc_offset, latitude, longitude, altitude, course, course_accuracy,
        horizontal_accuracy, vertical_accuracy, speed, speed_accuracy, extra, ingestion_id
    FROM staging_route_points
    ORDER BY user_id, workout_key, ts, seq DESC
)
INSERT INTO workout_route_points AS t (
    user_id, workout_key, ts, utc_offset, latitude, longitude, altitude, course,
    course_accuracy, horizontal_accuracy, vertical_accuracy, speed, speed_accuracy, extra,
    ingestion_id, origin
)
SELECT
    user_id, workout_key, ts, utc_offset, latitude, longitude, altitude, course,
    course_accuracy, horizontal_accuracy, vertical_accuracy, speed, speed_accuracy, extra,
    ingestion_id,
    coalesce(o.origin, 'hae') AS origin
FROM src LEFT JOIN ingestion_origins o USING (user_id, ingestion_id)
ON CONFLICT (user_id, workout_key, ts) DO UPDATE SET
    utc_offset = EXCLUDED.utc_offset,
    latitude = EXCLUDED.latitude,
    longitude = EXCLUDED.longitude,
    altitude = EXCLUDED.altitude,
    course = EXCLUDED.course,
    course_accuracy = EXCLUDED.course_accuracy,
    horizontal_accuracy = EXCLUDED.horizontal_accuracy,
    vertical_accuracy = EXCLUDED.vertical_accuracy,
    speed = EXCLUDED.speed,
    speed_accuracy = EXCLUDED.speed_accuracy,
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
    AND (t.utc_offset, t.latitude, t.longitude, t.altitude, t.course, t.course_accuracy,
        t.horizontal_accuracy, t.vertical_accuracy, t.speed, t.speed_accuracy, t.extra)
    IS DISTINCT FROM (EXCLUDED.utc_offset, EXCLUDED.latitude, EXCLUDED.longitude, EXCLUDED.altitude,
        EXCLUDED.course, EXCLUDED.course_accuracy, EXCLUDED.horizontal_accuracy,
        EXCLUDED.vertical_accuracy, EXCLUDED.speed, EXCLUDED.speed_accuracy,
        EXCLUDED.extra)
-- an inserted row has created_at = updated_at (both defaults of this statement); an updated row has the
-- newer updated_at (xmax is not available on partitioned tables; now() here would be a Citus worker's)
RETURNING ingestion_id, created_at = updated_at AS inserted
