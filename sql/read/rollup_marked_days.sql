-- $1 user id, $2 metric, $3 kind, $4 the user's rollup zone, $5 start or NULL, $6 end or NULL (exclusive; local
-- midnights in $4). The local days in [$5, $6) a flush marked since they were rolled up (rollup_marks holds UTC
-- days; each overlaps at most two local days): the read takes them from the samples.
SELECT DISTINCT d.day
FROM rollup_marks m
CROSS JOIN LATERAL (VALUES
    ((m.utc_day::timestamp AT TIME ZONE 'UTC' AT TIME ZONE $4::text)::date),
    (((((m.utc_day + 1)::timestamp AT TIME ZONE 'UTC') - interval '1 microsecond') AT TIME ZONE $4::text)::date)
) d (day)
WHERE m.user_id = $1 AND m.metric = $2 AND m.kind = $3
  AND d.day >= coalesce(($5::timestamptz AT TIME ZONE $4::text)::date, '-infinity')
  AND d.day < coalesce(($6::timestamptz AT TIME ZONE $4::text)::date, 'infinity')
ORDER BY d.day
