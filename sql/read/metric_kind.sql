-- $1 user id, $2 metric name. Which table holds the metric: 'heart_rate', 'quantity', or NULL.
SELECT CASE
    WHEN EXISTS (SELECT 1 FROM heart_rate_samples WHERE user_id = $1 AND metric = $2) THEN 'heart_rate'
    WHEN EXISTS (SELECT 1 FROM quantity_samples WHERE user_id = $1 AND metric = $2) THEN 'quantity'
END
