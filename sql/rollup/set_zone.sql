-- $1 user id, $2 zone: the zone the user's rollup is (about to be) built in. Nothing for a user purged meanwhile.
INSERT INTO rollup_zones AS z (user_id, tz, built_at)
SELECT $1, $2, statement_timestamp() WHERE EXISTS (SELECT 1 FROM users WHERE id = $1)
ON CONFLICT (user_id) DO UPDATE SET tz = EXCLUDED.tz, built_at = EXCLUDED.built_at
