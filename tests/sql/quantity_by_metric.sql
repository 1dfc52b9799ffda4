-- $1 user id: quantity rows as the unit and source migrations leave them.
SELECT metric, source, ts, end_ts, units, orig_units, qty, extra
FROM quantity_samples WHERE user_id = $1 ORDER BY metric, source COLLATE "C", ts
