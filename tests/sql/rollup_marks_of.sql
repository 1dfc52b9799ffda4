-- $1 user id: the rollup marks not yet rolled up.
SELECT count(*) FROM rollup_marks WHERE user_id = $1
