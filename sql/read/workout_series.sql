-- $1 user id, $2 workout key. Every series point, grouped by series in time order.
SELECT series, source, ts, units, qty, qty_min, qty_max
FROM workout_series
WHERE user_id = $1 AND workout_key = $2
ORDER BY series, ts, source
