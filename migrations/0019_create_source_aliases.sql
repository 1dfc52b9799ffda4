-- Each spelling of a source the app sent (raw), once per user, with the normalised source the rows keep
-- (healthsink/ingest/names.py source_key; healthsink_source_key_v1 in SQL). Kept here rather than in every
-- row: iOS names a watch "Anna’s Apple Watch" (U+2019), so most samples of most users arrive in a spelling
-- the key folds. ingestion_id: the body that first sent the spelling (the bodies stay in the raw archive).
-- Filled from the extra.source_raw migration 0018 left on the rows it changed.
CREATE TABLE source_aliases (
    user_id      bigint NOT NULL,
    raw          text NOT NULL,
    source       text NOT NULL,
    ingestion_id bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, raw)
);

INSERT INTO source_aliases (user_id, raw, source, ingestion_id)
SELECT DISTINCT ON (user_id, raw) user_id, raw, source, ingestion_id
FROM (
    SELECT user_id, extra ->> 'source_raw' AS raw, source, ingestion_id FROM quantity_samples
    WHERE extra ? 'source_raw'
    UNION ALL SELECT user_id, extra ->> 'source_raw', source, ingestion_id FROM heart_rate_samples
    WHERE extra ? 'source_raw'
    UNION ALL SELECT user_id, extra ->> 'source_raw', source, ingestion_id FROM blood_pressure_samples
    WHERE extra ? 'source_raw'
    UNION ALL SELECT user_id, extra ->> 'source_raw', source, ingestion_id FROM sleep_nights
    WHERE extra ? 'source_raw'
    UNION ALL SELECT user_id, extra ->> 'source_raw', source, ingestion_id FROM sleep_segments
    WHERE extra ? 'source_raw'
    UNION ALL SELECT user_id, extra ->> 'source_raw', source, ingestion_id FROM workout_series
    WHERE extra ? 'source_raw'
    UNION ALL SELECT user_id, extra ->> 'source_raw', source, ingestion_id FROM ecg_recordings
    WHERE extra ? 'source_raw'
    UNION ALL SELECT user_id, extra ->> 'source_raw', source, ingestion_id FROM symptoms
    WHERE extra ? 'source_raw'
    UNION ALL SELECT user_id, extra ->> 'source_raw', source, ingestion_id FROM heart_rate_notifications
    WHERE extra ? 'source_raw'
) AS seen
ORDER BY user_id, raw, ingestion_id NULLS LAST;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'healthsink_readonly') THEN
        GRANT SELECT ON source_aliases TO healthsink_readonly;
    END IF;
END;
$$;
