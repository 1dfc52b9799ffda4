-- Heart rate per local day of ${user}: minimum, average and maximum across sources (heart_rate_daily, 0032).
SELECT h.local_date::timestamp AS time, h.minimum AS min, h.average AS avg, h.maximum AS max
FROM heart_rate_daily h JOIN users u ON u.id = h.user_id
WHERE u.email = '${user}' AND $__timeFilter(h.local_date::timestamp)
ORDER BY 1
