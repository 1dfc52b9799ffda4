-- $1 user ids, $2 ids, $3 results (jsonb[]), in step: bodies processed together in one flush, all
-- 'processed' (one statement for a whole batch of phones' syncs).
UPDATE raw_ingestions AS r
SET status = 'processed', result = done.result, error = NULL, processed_at = now(), lease_until = NULL
FROM unnest($1::bigint[], $2::bigint[], $3::jsonb[]) AS done (user_id, id, result)
WHERE r.user_id = done.user_id AND r.id = done.id
