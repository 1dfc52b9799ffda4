-- exercise minutes per local day of ${user}, sources merged as the API's merge=true (daily_merged, migration 0021).
SELECT m.local_date::timestamp AS time, m.total AS "exercise minutes"
FROM daily_merged m JOIN users u ON u.id = m.user_id
WHERE u.email = '${user}' AND m.metric = 'apple_exercise_time' AND $__timeFilter(m.local_date::timestamp)
ORDER BY 1
