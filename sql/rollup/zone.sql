-- $1 user id. The zone the user's rollup days are in; no row: not built.
SELECT tz FROM rollup_zones WHERE user_id = $1
