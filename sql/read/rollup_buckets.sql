-- $1 user id, $2 metric, $3 start or NULL, $4 end or NULL (exclusive), both local midnights in $7 (the read
-- domain checks), $5 source or NULL, $6 bucket (day|week|month), $7 IANA zone: the user's rollup zone
-- (rollup_zones), $8 row limit, $9 kind ('quantity' or 'heart_rate'), $10 local days to leave out (those
-- rollup_marked_days.sql found marked: the caller reads them from the samples). The rows quantity_buckets.sql
-- or heart_rate_buckets.sql return for a grain of a day, from the daily rollup (migration 0045): one row per
-- local day, source, unit and origin. Only unpartitioned tables: planning opens no partition.
SELECT r.day::timestamp AT TIME ZONE $7::text AS grain,
       date_trunc($6::text, r.day::timestamp) AT TIME ZONE $7::text AS bucket,
       r.day, r.source, r.units, r.origin, r.n, r.total, r.lo, r.hi
FROM daily_rollup r
WHERE r.user_id = $1 AND r.metric = $2 AND r.kind = $9::text
  AND r.day >= coalesce(($3::timestamptz AT TIME ZONE $7::text)::date, '-infinity')
  AND r.day < coalesce(($4::timestamptz AT TIME ZONE $7::text)::date, 'infinity')
  AND ($5::text IS NULL OR r.source = $5)
  AND r.day <> ALL ($10::date[])
ORDER BY r.day, r.source, r.units, r.origin
LIMIT $8
