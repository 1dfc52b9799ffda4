DROP INDEX workouts_start_idx;
DROP VIEW workouts_listed;
DROP VIEW workout_twins;
DROP FUNCTION healthsink_workout_activity_v1(text);
