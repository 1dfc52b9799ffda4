-- $1 user ids, $2 metrics, $3 kinds, $4 local days (arrays of one length): their rollup rows, before
-- rollup/insert_days writes them again from the samples.
DELETE FROM daily_rollup r
USING unnest($1::bigint[], $2::text[], $3::text[], $4::date[]) g (user_id, metric, kind, day)
WHERE r.user_id = g.user_id AND r.metric = g.metric AND r.kind = g.kind AND r.day = g.day
