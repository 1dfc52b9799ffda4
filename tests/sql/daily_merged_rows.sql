-- $1 user id, $2 metric. The merged days the reporting view gives, oldest first.
SELECT local_date, units, total, count, average, minimum, maximum, sources
FROM daily_merged
WHERE user_id = $1 AND metric = $2
ORDER BY local_date, units
