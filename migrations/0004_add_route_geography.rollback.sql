DROP INDEX IF EXISTS workout_route_points_geog_idx;
ALTER TABLE workout_route_points DROP COLUMN IF EXISTS geog;
