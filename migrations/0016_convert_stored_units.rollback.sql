-- Back to the units the values were sent in (orig_units), also for rows stored since: the code before this
-- migration stored every value as sent. Rounded to 12 significant digits, as on the way in.
UPDATE quantity_samples q
SET qty = healthsink_convert_unit_v1(q.qty, 1 / c.factor, -c."offset" / c.factor),
    units = q.orig_units, orig_units = NULL
FROM unit_conversions c
WHERE q.orig_units IS NOT NULL AND c.from_units = q.orig_units AND c.to_units = q.units
  AND (c.metric = q.metric
       OR (c.metric = '*' AND NOT EXISTS (SELECT 1 FROM metric_units m WHERE m.metric = q.metric)));

UPDATE heart_rate_samples h
SET hr_min = healthsink_convert_unit_v1(h.hr_min, 1 / c.factor, -c."offset" / c.factor),
    hr_avg = healthsink_convert_unit_v1(h.hr_avg, 1 / c.factor, -c."offset" / c.factor),
    hr_max = healthsink_convert_unit_v1(h.hr_max, 1 / c.factor, -c."offset" / c.factor),
    units = h.orig_units, orig_units = NULL
FROM unit_conversions c
WHERE h.orig_units IS NOT NULL AND c.from_units = h.orig_units AND c.to_units = h.units
  AND (c.metric = h.metric
       OR (c.metric = '*' AND NOT EXISTS (SELECT 1 FROM metric_units m WHERE m.metric = h.metric)));

DROP FUNCTION healthsink_convert_unit_v1(double precision, double precision, double precision);
DROP TABLE unit_conversions;
DROP TABLE metric_units;
