-- steps on the latest local day of ${user} with any (not "today": an empty today read as "No data").
SELECT m.local_date::timestamp AS time, m.total AS "steps"
FROM daily_merged m JOIN users u ON u.id = m.user_id
WHERE u.email = '${user}' AND m.metric = 'step_count'
ORDER BY m.local_date DESC
LIMIT 1
