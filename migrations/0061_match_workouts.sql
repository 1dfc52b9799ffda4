-- A workout both sent by the live feed (Health Auto Export) and imported from an Apple Health export is one
-- workout (issue 18). The export has no HealthKit UUID, so the two rows have different keys; reads show the live
-- feed's and leave its imported twin out, whichever came first (the rows stay: deleting the live one brings the
-- imported one back).
--
-- The rule: an imported workout (origin 'apple_export') is the twin of a live one (any other origin) that starts
-- within 60 seconds of it and is the same activity, or that also ends within 60 seconds of it. Activities are
-- compared by healthsink_workout_activity_v1: the app names a run "Outdoor Run", the export "Running"; the end
-- time covers the names the app localises ("Course en extérieur"), which no table can list.

-- The activity a workout name stands for: lower case, ASCII words, the app's place prefixes dropped and its short
-- names made the export's (HealthKit's activity types in words). NULL for a name with no ASCII letters or digits
-- (two such names are not taken to be the same activity).
CREATE FUNCTION healthsink_workout_activity_v1(name text)
RETURNS text
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE n
        WHEN 'run' THEN 'running'
        WHEN 'walk' THEN 'walking'
        WHEN 'swim' THEN 'swimming'
        WHEN 'cycle' THEN 'cycling'
        WHEN 'bike' THEN 'cycling'
        WHEN 'hiit' THEN 'high intensity interval training'
        WHEN 'rower' THEN 'rowing'
        WHEN 'stair stepper' THEN 'stair climbing'
        WHEN 'stairs' THEN 'stair climbing'
        WHEN 'strength training' THEN 'traditional strength training'
        ELSE n
    END
    FROM (
        SELECT nullif(
            regexp_replace(
                btrim(regexp_replace(lower(name), '[^a-z0-9]+', ' ', 'g')),
                '^(outdoor|indoor|pool|open water) ', ''
            ),
            ''
        ) AS n
    ) AS words
$$;

-- Imported workouts and the live workout each is the twin of (at most one: the nearest start).
CREATE VIEW workout_twins AS
SELECT w.user_id, w.workout_key, t.workout_key AS twin_key
FROM workouts w
CROSS JOIN LATERAL (
    SELECT h.workout_key
    FROM workouts h
    WHERE h.user_id = w.user_id
      AND h.origin <> 'apple_export'
      AND h.start_ts BETWEEN w.start_ts - interval '60 seconds' AND w.start_ts + interval '60 seconds'
      AND (
          healthsink_workout_activity_v1(h.name) = healthsink_workout_activity_v1(w.name)
          OR abs(extract(epoch FROM h.end_ts - w.end_ts)) <= 60
      )
    ORDER BY abs(extract(epoch FROM h.start_ts - w.start_ts)), h.workout_key
    LIMIT 1
) AS t
WHERE w.origin = 'apple_export';

-- The workouts reads list and export: every workout but the imported twins of live ones.
CREATE VIEW workouts_listed AS
SELECT w.user_id, w.workout_key, w.version, w.name, w.start_ts, w.end_ts, w.utc_offset, w.duration_s, w.location,
       w.is_indoor, w.summary, w.metadata, w.extra, w.ingestion_id, w.origin, w.created_at, w.updated_at
FROM workouts w
WHERE w.origin <> 'apple_export'
   OR NOT EXISTS (
       SELECT 1 FROM workout_twins t WHERE t.user_id = w.user_id AND t.workout_key = w.workout_key
   );

-- the twins are looked up by start
CREATE INDEX workouts_start_idx ON workouts (user_id, start_ts);
