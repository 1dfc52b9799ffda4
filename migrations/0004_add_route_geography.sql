-- Where PostGIS is installed, route points get a geography column and a GiST index.
-- The embedded PostgreSQL has no PostGIS, so everything here is conditional; the statements that name
-- PostGIS types go through EXECUTE so this file parses without the extension.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis') THEN
        RAISE NOTICE 'PostGIS not available: workout_route_points has no geography column';
        RETURN;
    END IF;
    BEGIN
        CREATE EXTENSION IF NOT EXISTS postgis;
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'no privilege to CREATE EXTENSION postgis: workout_route_points has no geography column';
        RETURN;
    END;
    EXECUTE 'ALTER TABLE workout_route_points ADD COLUMN geog geography(Point, 4326) '
            'GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography) STORED';
    EXECUTE 'CREATE INDEX workout_route_points_geog_idx ON workout_route_points USING gist (geog)';
END;
$$;
