-- Time asleep per night of ${user} from ${sleep_source}.
SELECT s.night::timestamp AS time, s.total_sleep AS "asleep (h)"
FROM sleep_nights_local s JOIN users u ON u.id = s.user_id
WHERE u.email = '${user}' AND s.source = '${sleep_source}' AND $__timeFilter(s.night::timestamp)
ORDER BY 1
