-- $1 user id, $2 metric or NULL (all), $3 kinds, $4 from or NULL, $5 to or NULL (exclusive): the rollup rows of
-- every local day (in the user's rollup zone) the range overlaps, before rollup/insert_range writes them again.
DELETE FROM daily_rollup r
USING rollup_zones z
WHERE z.user_id = $1 AND r.user_id = $1 AND ($2::text IS NULL OR r.metric = $2) AND r.kind = ANY($3::text[])
  AND r.day >= coalesce(($4::timestamptz AT TIME ZONE z.tz)::date, '-infinity')
  AND r.day <= coalesce((($5::timestamptz - interval '1 microsecond') AT TIME ZONE z.tz)::date, 'infinity')
