-- $1 user id. The user's email, time zone, unit system and goals; no row for an unknown user.
SELECT email, tz, units, goals FROM users WHERE id = $1
