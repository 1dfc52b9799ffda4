-- $1 user id. Every mark of the user, taken by a whole build (which reads every sample after this).
DELETE FROM rollup_marks WHERE user_id = $1
