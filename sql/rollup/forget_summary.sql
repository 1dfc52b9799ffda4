-- $1 user id, $2 metric or NULL (all of the user's). Their catalog rows, before rollup/insert_summary.
DELETE FROM metric_summary WHERE user_id = $1 AND ($2::text IS NULL OR metric = $2)
