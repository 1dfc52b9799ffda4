-- Sleep segment stages sent in other spellings ("In Bed", "core", "AsleepCore", Italian "Nucleo" ...) were stored as
-- sent; healthsink now stores the canonical stage (healthsink/ingest/sleep.py CANONICAL_STAGES, which this list
-- repeats; tests/test_hae_2026.py checks they agree) and keeps the spelling in extra.value. Rows stored before
-- are brought to the same form, so a re-send of them is a duplicate, not a second segment counted twice in a
-- night. A row whose canonical twin (same user, source, start) already exists is that segment again: it goes.
WITH map (k, canonical) AS (VALUES
    ('core', 'Core'), ('asleepcore', 'Core'), ('nucleo', 'Core'), ('núcleo', 'Core'), ('essencial', 'Core'),
    ('principal', 'Core'), ('kern', 'Core'), ('kernschlaf', 'Core'), ('léger', 'Core'), ('sommeilléger', 'Core'),
    ('deep', 'Deep'), ('asleepdeep', 'Deep'), ('profondo', 'Deep'), ('profundo', 'Deep'), ('profond', 'Deep'),
    ('tief', 'Deep'), ('tiefschlaf', 'Deep'), ('sommeilprofond', 'Deep'), ('rem', 'REM'), ('asleeprem', 'REM'),
    ('paradoxal', 'REM'), ('sommeilparadoxal', 'REM'), ('awake', 'Awake'), ('sveglio', 'Awake'),
    ('despierto', 'Awake'), ('desperto', 'Awake'), ('acordado', 'Awake'), ('éveillé', 'Awake'), ('eveillé', 'Awake'),
    ('eveille', 'Awake'), ('wach', 'Awake'), ('inbed', 'InBed'), ('aletto', 'InBed'), ('encama', 'InBed'),
    ('nacama', 'InBed'), ('aulit', 'InBed'), ('imbett', 'InBed'), ('asleep', 'Asleep'),
    ('asleepunspecified', 'Asleep'), ('addormentato', 'Asleep'), ('dormido', 'Asleep'), ('dormindo', 'Asleep'),
    ('endormi', 'Asleep'), ('schlafend', 'Asleep'), ('unspecified', 'Unspecified')
), fix AS (
    SELECT s.user_id, s.source, s.stage, s.start_ts, m.canonical,
           -- two spellings of one segment both to be fixed ("In Bed" and "inbed"): the first one stays
           row_number() OVER (PARTITION BY s.user_id, s.source, s.start_ts, m.canonical ORDER BY s.stage) AS n,
           EXISTS (SELECT 1 FROM sleep_segments t
                   WHERE t.user_id = s.user_id AND t.source = s.source AND t.stage = m.canonical
                     AND t.start_ts = s.start_ts) AS twin
    FROM sleep_segments s
    JOIN map m
      ON m.k = regexp_replace(lower(replace(replace(s.stage, ' ', ''), '_', '')), '^hkcategoryvaluesleepanalysis', '')
    WHERE s.stage <> m.canonical
), gone AS (
    DELETE FROM sleep_segments s
    USING fix f
    WHERE s.user_id = f.user_id AND s.source = f.source AND s.stage = f.stage AND s.start_ts = f.start_ts
      AND (f.twin OR f.n > 1)
)
UPDATE sleep_segments s
SET stage = f.canonical, extra = coalesce(s.extra, '{}'::jsonb) || jsonb_build_object('value', f.stage)
FROM fix f
WHERE s.user_id = f.user_id AND s.source = f.source AND s.stage = f.stage AND s.start_ts = f.start_ts
  AND NOT f.twin AND f.n = 1;
