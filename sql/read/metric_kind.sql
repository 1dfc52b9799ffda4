-- $1 user id, $2 metric name. Which table holds the metric: 'heart_rate', 'quantity', 'blood_pressure',
-- 'sleep', or NULL when the user has none.
SELECT CASE
    WHEN EXISTS (SELECT 1 FROM heart_rate_samples WHERE user_id = $1 AND metric = $2) THEN 'heart_rate'
    WHEN EXISTS (SELECT 1 FROM quantity_samples WHERE user_id = $1 AND metric = $2) THEN 'quantity'
    WHEN $2 = 'blood_pressure' AND EXISTS (SELECT 1 FROM blood_pressure_samples WHERE user_id = $1)
        THEN 'blood_pressure'
    WHEN $2 = 'sleep_analysis' AND (EXISTS (SELECT 1 FROM sleep_nights WHERE user_id = $1)
                                    OR EXISTS (SELECT 1 FROM sleep_segments WHERE user_id = $1)) THEN 'sleep'
END
