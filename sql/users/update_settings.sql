-- $1 user id, $2 time zone or NULL, $3 unit system or NULL, $4 goals to merge into the stored ones or NULL.
-- A NULL leaves that setting as it is. Returns the settings after the change.
UPDATE users
SET tz = coalesce($2::text, tz),
    units = coalesce($3::text, units),
    goals = goals || coalesce($4::jsonb, '{}'::jsonb)
WHERE id = $1
RETURNING email, tz, units, goals
