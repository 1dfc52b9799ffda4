-- Row origin: which feed wrote a row. 'hae' is the app's live JSON feed, 'csv' its CSV export (files or
-- REST), 'apple_export' the Health app's export.zip. Reads use one origin per metric and local day (the
-- live feed's buckets where they exist, the export's samples otherwise), so a day imported through both is
-- counted once. Only the tables both feeds fill carry it; existing rows all came from the app.
-- A constant default: no table rewrite (PostgreSQL 11+), partitions inherit the column.
ALTER TABLE quantity_samples ADD COLUMN origin text NOT NULL DEFAULT 'hae'
    CHECK (origin IN ('hae', 'apple_export', 'csv'));
ALTER TABLE heart_rate_samples ADD COLUMN origin text NOT NULL DEFAULT 'hae'
    CHECK (origin IN ('hae', 'apple_export', 'csv'));
ALTER TABLE blood_pressure_samples ADD COLUMN origin text NOT NULL DEFAULT 'hae'
    CHECK (origin IN ('hae', 'apple_export', 'csv'));
ALTER TABLE heartbeat_series ADD COLUMN origin text NOT NULL DEFAULT 'hae'
    CHECK (origin IN ('hae', 'apple_export', 'csv'));
ALTER TABLE sleep_segments ADD COLUMN origin text NOT NULL DEFAULT 'hae'
    CHECK (origin IN ('hae', 'apple_export', 'csv'));
ALTER TABLE workouts ADD COLUMN origin text NOT NULL DEFAULT 'hae'
    CHECK (origin IN ('hae', 'apple_export', 'csv'));
ALTER TABLE workout_route_points ADD COLUMN origin text NOT NULL DEFAULT 'hae'
    CHECK (origin IN ('hae', 'apple_export', 'csv'));
ALTER TABLE ecg_recordings ADD COLUMN origin text NOT NULL DEFAULT 'hae'
    CHECK (origin IN ('hae', 'apple_export', 'csv'));
ALTER TABLE symptoms ADD COLUMN origin text NOT NULL DEFAULT 'hae'
    CHECK (origin IN ('hae', 'apple_export', 'csv'));
ALTER TABLE cycle_tracking ADD COLUMN origin text NOT NULL DEFAULT 'hae'
    CHECK (origin IN ('hae', 'apple_export', 'csv'));
ALTER TABLE heart_rate_notifications ADD COLUMN origin text NOT NULL DEFAULT 'hae'
    CHECK (origin IN ('hae', 'apple_export', 'csv'));

-- The origin is a property of the body (or import) that wrote the rows, so it is kept once per
-- ingestion_id, not in every staged row: the merges look it up (LEFT JOIN, absent = 'hae'), the row
-- tuples and COPYs of the live feed stay as they were, and one shared flush may carry bodies of
-- different origins. Imports (ids drawn from raw_ingestions_id_seq) insert their own row here.
CREATE TABLE ingestion_origins (
    user_id      bigint NOT NULL,
    ingestion_id bigint NOT NULL,
    origin       text NOT NULL CHECK (origin IN ('hae', 'apple_export', 'csv')),
    PRIMARY KEY (user_id, ingestion_id)
);

-- Archived bodies in the app's CSV form (text/csv, a zip of CSVs, multipart) are noted as 'csv' as they
-- are stored, whichever code path stores them.
CREATE FUNCTION healthsink_note_csv_origin_v1()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO ingestion_origins (user_id, ingestion_id, origin)
    VALUES (NEW.user_id, NEW.id, 'csv')
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER raw_ingestions_csv_origin
    AFTER INSERT ON raw_ingestions
    FOR EACH ROW
    WHEN (NEW.content_type ~* '(csv|zip|multipart)')
    EXECUTE FUNCTION healthsink_note_csv_origin_v1();

GRANT SELECT ON ingestion_origins TO healthsink_readonly;
