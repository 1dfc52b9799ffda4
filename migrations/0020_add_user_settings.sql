-- Per-user settings the reads use: the time zone that makes "a day" the user's day, the unit system values
-- are shown in when a read names no `units`, and daily goals (canonical units: kcal, min, h) for the dashboard.
ALTER TABLE users
    ADD COLUMN tz    text NOT NULL DEFAULT 'UTC',
    ADD COLUMN units text NOT NULL DEFAULT 'metric' CHECK (units IN ('metric', 'us')),
    ADD COLUMN goals jsonb NOT NULL
        DEFAULT '{"steps": 10000, "active_energy": 500, "exercise": 30, "stand": 12}';
