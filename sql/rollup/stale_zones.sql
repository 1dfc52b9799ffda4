-- $1 most users. Users whose rollup is missing or was built in another zone than their own (users.tz): the
-- refresher builds them again, whole. Reads take the samples for them until then.
SELECT u.id AS user_id, u.tz
FROM users u LEFT JOIN rollup_zones z ON z.user_id = u.id
WHERE z.tz IS DISTINCT FROM u.tz
ORDER BY u.id
LIMIT $1
