-- merge/medications: staging_medications -> medications, in the flush transaction after the COPY.
-- A key already stored with the same values is left alone (a duplicate); with other values it is
-- updated (a day bucket that grew). Returns (ingestion_id, inserted) for each row inserted or updated: store/flush.py counts
-- them per body (one flush may carry many phones' syncs) and the rest as duplicates.
WITH src AS (
    SELECT DISTINCT ON (user_id, name, ts)
        user_id, name, ts, utc_offset, start_ts, end_ts, scheduled_ts, nickname, status, form, is_archived,
        dosage, codings, extra, ingestion_id
    FROM staging_medications
    ORDER BY user_id, name, ts, seq DESC
)
INSERT INTO medications AS t (
    user_id, name, ts, utc_offset, start_ts, end_ts, scheduled_ts, nickname, status, form,
    is_archived, dosage, codings, extra, ingestion_id
)
SELECT
    user_id, name, ts, utc_offset, start_ts, end_ts, scheduled_ts, nickname, status, form,
    is_archived, dosage, codings, extra, ingestion_id
FROM src
ON CONFLICT (user_id, name, ts) DO UPDATE SET
    utc_offset = EXCLUDED.utc_offset,
    start_ts = EXCLUDED.start_ts,
    end_ts = EXCLUDED.end_ts,
    scheduled_ts = EXCLUDED.scheduled_ts,
    nickname = EXCLUDED.nickname,
    status = EXCLUDED.status,
    form = EXCLUDED.form,
    is_archived = EXCLUDED.is_archived,
    dosage = EXCLUDED.dosage,
    codings = EXCLUDED.codings,
    extra = EXCLUDED.extra,
    ingestion_id = EXCLUDED.ingestion_id,
    updated_at = EXCLUDED.updated_at  -- its default, now(): Citus refuses now() here
-- newest body wins: a row is changed only by a body received no earlier than the one that wrote it
-- (ingestion ids are drawn in order of receipt), so a queued backfill or a reprocessed old body
-- cannot overwrite a newer sync's larger day total
WHERE (t.ingestion_id IS NULL OR t.ingestion_id <= EXCLUDED.ingestion_id)
    AND (t.utc_offset, t.start_ts, t.end_ts, t.scheduled_ts, t.nickname, t.status,
        t.form, t.is_archived, t.dosage, t.codings, t.extra)
    IS DISTINCT FROM (EXCLUDED.utc_offset, EXCLUDED.start_ts, EXCLUDED.end_ts, EXCLUDED.scheduled_ts,
        EXCLUDED.nickname, EXCLUDED.status, EXCLUDED.form, EXCLUDED.is_archived,
        EXCLUDED.dosage, EXCLUDED.codings, EXCLUDED.extra)
-- an inserted row has created_at = updated_at (both defaults of this statement); an updated row has the
-- newer updated_at (xmax is not available on partitioned tables; now() here would be a Citus worker's)
RETURNING ingestion_id, created_at = updated_at AS inserted
