-- Hours per stage and night of ${user} from one source (${sleep_source}), dated as the API dates nights.
SELECT s.night::timestamp AS time, s.deep, s.core, s.rem, s.asleep AS unstaged, s.awake
FROM sleep_nights_local s JOIN users u ON u.id = s.user_id
WHERE u.email = '${user}' AND s.source = '${sleep_source}' AND $__timeFilter(s.night::timestamp)
ORDER BY 1
