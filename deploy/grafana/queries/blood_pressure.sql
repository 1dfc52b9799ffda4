-- Blood pressure readings of ${user} (never merged across cuffs).
SELECT b.ts AS time, b.systolic, b.diastolic
FROM blood_pressure_samples b JOIN users u ON u.id = b.user_id
WHERE u.email = '${user}' AND $__timeFilter(b.ts)
ORDER BY 1
