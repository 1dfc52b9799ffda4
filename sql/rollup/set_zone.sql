-- $1 user id, $2 zone: the zone the user's rollup is (about to be) built in.
INSERT INTO rollup_zones AS z (user_id, tz, built_at) VALUES ($1, $2, statement_timestamp())
ON CONFLICT (user_id) DO UPDATE SET tz = EXCLUDED.tz, built_at = EXCLUDED.built_at
