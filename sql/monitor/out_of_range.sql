-- $1 metrics, $2 their units, $3 lowest and $4 highest plausible values (arrays in step), $5 since: per user
-- and metric, the stored values outside that range (flagged only; the rows stay).
SELECT q.user_id, u.email, q.metric, q.units, r.lo, r.hi,
       count(*) AS n, min(q.qty) AS lowest, max(q.qty) AS highest, max(q.ts) AS last_ts
FROM quantity_samples q
JOIN unnest($1::text[], $2::text[], $3::float8[], $4::float8[]) AS r (metric, units, lo, hi)
  ON q.metric = r.metric AND q.units = r.units
JOIN users u ON u.id = q.user_id
WHERE q.ts >= $5
  AND (q.qty < r.lo OR q.qty > r.hi)
GROUP BY q.user_id, u.email, q.metric, q.units, r.lo, r.hi
ORDER BY q.user_id, q.metric
