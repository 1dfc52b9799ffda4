-- merge/sleep_nights: staging_sleep_nights -> sleep_nights, in the flush transaction after the COPY.
-- A key already stored with the same values is left alone (a duplicate); with other values it is
-- updated (a day bucket that grew). Returns (ingestion_id, inserted) for each row inserted or updated: store/flush.py counts
-- them per body (one flush may carry many phones' syncs) and the rest as duplicates.
WITH src AS (
    SELECT DISTINCT ON (user_id, source, night_start)
        user_id, source, night_start, date_ts, utc_offset, units, total_sleep, asleep, core, deep, rem,
        awake, in_bed, sleep_start, sleep_end, in_bed_start, in_bed_end, sleep_source, in_bed_source, extra,
        ingestion_id
    FROM staging_sleep_nights
    ORDER BY user_id, source, night_start, seq DESC
)
INSERT INTO sleep_nights AS t (
    user_id, source, night_start, date_ts, utc_offset, units, total_sleep, asleep, core,
    deep, rem, awake, in_bed, sleep_start, sleep_end, in_bed_start, in_bed_end,
    sleep_source, in_bed_source, extra, ingestion_id
)
SELECT
    user_id, source, night_start, date_ts, utc_offset, units, total_sleep, asleep, core,
    deep, rem, awake, in_bed, sleep_start, sleep_end, in_bed_start, in_bed_end,
    sleep_source, in_bed_source, extra, ingestion_id
FROM src
ON CONFLICT (user_id, source, night_start) DO UPDATE SET
    date_ts = EXCLUDED.date_ts,
    utc_offset = EXCLUDED.utc_offset,
    units = EXCLUDED.units,
    total_sleep = EXCLUDED.total_sleep,
    asleep = EXCLUDED.asleep,
    core = EXCLUDED.core,
    deep = EXCLUDED.deep,
    rem = EXCLUDED.rem,
    awake = EXCLUDED.awake,
    in_bed = EXCLUDED.in_bed,
    sleep_start = EXCLUDED.sleep_start,
    sleep_end = EXCLUDED.sleep_end,
    in_bed_start = EXCLUDED.in_bed_start,
    in_bed_end = EXCLUDED.in_bed_end,
    sleep_source = EXCLUDED.sleep_source,
    in_bed_source = EXCLUDED.in_bed_source,
    extra = EXCLUDED.extra,
    ingestion_id = EXCLUDED.ingestion_id,
    updated_at = EXCLUDED.updated_at  -- its default, now(): Citus refuses now() here
-- newest body wins: a row is changed only by a body received no earlier than the one that wrote it
-- (ingestion ids are drawn in order of receipt), so a queued backfill or a reprocessed old body
-- cannot overwrite a newer sync's larger day total
WHERE (t.ingestion_id IS NULL OR t.ingestion_id <= EXCLUDED.ingestion_id)
    AND (t.date_ts, t.utc_offset, t.units, t.total_sleep, t.asleep, t.core, t.deep,
        t.rem, t.awake, t.in_bed, t.sleep_start, t.sleep_end, t.in_bed_start,
        t.in_bed_end, t.sleep_source, t.in_bed_source, t.extra)
    IS DISTINCT FROM (EXCLUDED.date_ts, EXCLUDED.utc_offset, EXCLUDED.units, EXCLUDED.total_sleep,
        EXCLUDED.asleep, EXCLUDED.core, EXCLUDED.deep, EXCLUDED.rem, EXCLUDED.awake,
        EXCLUDED.in_bed, EXCLUDED.sleep_start, EXCLUDED.sleep_end,
        EXCLUDED.in_bed_start, EXCLUDED.in_bed_end, EXCLUDED.sleep_source,
        EXCLUDED.in_bed_source, EXCLUDED.extra)
-- an inserted row has created_at = updated_at (both defaults of this statement); an updated row has the
-- newer updated_at (xmax is not available on partitioned tables; now() here would be a Citus worker's)
RETURNING ingestion_id, created_at = updated_at AS inserted
