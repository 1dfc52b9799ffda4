-- $1 user id, $2 source, $3 instant, $4 units, $5 beats a minute: a heart rate row as stored before migration 0015.
INSERT INTO heart_rate_samples (user_id, metric, source, ts, utc_offset, units, hr_min, hr_avg, hr_max)
VALUES ($1, 'heart_rate', $2, $3, 0, $4, $5, $5, $5)
