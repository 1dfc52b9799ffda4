-- exercise minutes on the latest local day of ${user} with any (not "today": an empty today read as "No data").
SELECT m.local_date::timestamp AS time, m.total AS "exercise minutes"
FROM daily_merged m JOIN users u ON u.id = m.user_id
WHERE u.email = '${user}' AND m.metric = 'apple_exercise_time'
ORDER BY m.local_date DESC
LIMIT 1
