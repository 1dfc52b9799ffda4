-- $1 user id, $2 start or NULL, $3 end or NULL, $4/$5 cursor (ts, name) or NULL, $6 limit.
SELECT *
FROM medications
WHERE user_id = $1
  AND ts >= coalesce($2::timestamptz, '-infinity')
  AND ts < coalesce($3::timestamptz, 'infinity')
  AND ($4::timestamptz IS NULL OR (ts, name) > ($4, $5::text))
ORDER BY ts, name
LIMIT $6
