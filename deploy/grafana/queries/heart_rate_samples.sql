-- Every heart rate sample of ${user} in the range (each source its own series).
SELECT h.ts AS time, h.source AS metric, h.hr_avg AS value
FROM heart_rate_samples h JOIN users u ON u.id = h.user_id
WHERE u.email = '${user}' AND h.metric = 'heart_rate' AND $__timeFilter(h.ts)
ORDER BY 1
