-- $1 user id, $2 metric or NULL (all), $3 kinds, $4 from or NULL, $5 to or NULL (exclusive): the rollup rows of
-- every local day (in the user's rollup zone) the range overlaps, before rollup/insert_range writes them again.
-- The day bounds are computed first (MATERIALIZED): Citus refuses coalesce() over a zone conversion in a
-- DELETE's own WHERE ("non-IMMUTABLE functions are not allowed in CASE or COALESCE").
WITH b AS MATERIALIZED (
    SELECT coalesce(($4::timestamptz AT TIME ZONE z.tz)::date, '-infinity') AS first_day,
           coalesce((($5::timestamptz - interval '1 microsecond') AT TIME ZONE z.tz)::date, 'infinity') AS last_day
    FROM rollup_zones z
    WHERE z.user_id = $1
)
DELETE FROM daily_rollup r
USING b
WHERE r.user_id = $1 AND ($2::text IS NULL OR r.metric = $2) AND r.kind = ANY($3::text[])
  AND r.day >= b.first_day AND r.day <= b.last_day
