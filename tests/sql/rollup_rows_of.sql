-- $1 user id: the user's rows in each rollup table.
SELECT (SELECT count(*) FROM rollup_zones WHERE user_id = $1) AS zones,
       (SELECT count(*) FROM daily_rollup WHERE user_id = $1) AS days,
       (SELECT count(*) FROM rollup_marks WHERE user_id = $1) AS marks,
       (SELECT count(*) FROM metric_summary WHERE user_id = $1) AS summary
