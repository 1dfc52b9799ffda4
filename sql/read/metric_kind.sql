-- $1 user id, $2 metric name. Which table holds the metric: 'heart_rate', 'quantity', 'blood_pressure',
-- 'sleep', or NULL when the user has none. A point goes to a table by its shape (ingest/metrics.py), so the
-- name alone does not tell: for a user whose rollup is built, the catalog rows (metric_summary) and the marks of
-- flushes not yet rolled up do, by index (heart rate first, as metric_kind_samples.sql probes the samples for a
-- user whose rollup is not built yet).
SELECT coalesce(
    (
        SELECT kind FROM (
            SELECT kind FROM metric_summary WHERE user_id = $1 AND metric = $2
            UNION
            SELECT kind FROM rollup_marks WHERE user_id = $1 AND metric = $2
        ) k
        ORDER BY kind = 'heart_rate' DESC
        LIMIT 1
    ),
    CASE
        WHEN $2 = 'blood_pressure' AND EXISTS (SELECT 1 FROM blood_pressure_samples WHERE user_id = $1)
            THEN 'blood_pressure'
        WHEN $2 = 'sleep_analysis' AND (EXISTS (SELECT 1 FROM sleep_nights WHERE user_id = $1)
                                        OR EXISTS (SELECT 1 FROM sleep_segments WHERE user_id = $1)) THEN 'sleep'
    END
)
