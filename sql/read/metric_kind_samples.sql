-- $1 user id, $2 metric name. As metric_kind.sql, for a user whose rollup is not built yet: the samples are
-- probed (heart rate first). Planning this opens every partition of both tables (tens of ms): it is not part of
-- metric_kind.sql, whose plans it would weigh down even where it is never run.
SELECT coalesce(
    CASE
        WHEN EXISTS (SELECT 1 FROM heart_rate_samples WHERE user_id = $1 AND metric = $2) THEN 'heart_rate'
        WHEN EXISTS (SELECT 1 FROM quantity_samples WHERE user_id = $1 AND metric = $2) THEN 'quantity'
    END,
    CASE
        WHEN $2 = 'blood_pressure' AND EXISTS (SELECT 1 FROM blood_pressure_samples WHERE user_id = $1)
            THEN 'blood_pressure'
        WHEN $2 = 'sleep_analysis' AND (EXISTS (SELECT 1 FROM sleep_nights WHERE user_id = $1)
                                        OR EXISTS (SELECT 1 FROM sleep_segments WHERE user_id = $1)) THEN 'sleep'
    END
)
