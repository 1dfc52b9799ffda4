-- Sleep sources of ${user} (variable ${sleep_source}): nights are shown one source at a time, never summed.
SELECT DISTINCT s.source
FROM sleep_nights_local s JOIN users u ON u.id = s.user_id
WHERE u.email = '${user}'
ORDER BY 1
