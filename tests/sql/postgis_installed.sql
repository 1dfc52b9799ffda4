-- Whether this database has PostGIS (migration 0004 then added workout_route_points.geog).
SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis')
