-- quantity rows of user $1 and metric $2 with their origin, in key order.
SELECT source, ts, qty, origin FROM quantity_samples WHERE user_id = $1 AND metric = $2 ORDER BY source, ts
