-- Staging for route_points (see store/staging.py): made on every pooled connection as it opens.
-- The merge consumes the rows (DELETE ... RETURNING). `seq` keeps arrival order: when one batch holds a key twice, the later one wins.
CREATE TEMP TABLE staging_route_points (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, workout_key text, ts timestamptz, utc_offset smallint, latitude double precision,
    longitude double precision, altitude double precision, course double precision,
    course_accuracy double precision, horizontal_accuracy double precision,
    vertical_accuracy double precision, speed double precision, speed_accuracy double precision,
    extra jsonb, ingestion_id bigint
)
