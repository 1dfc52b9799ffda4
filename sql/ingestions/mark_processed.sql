-- $1 user ids, $2 ids, $3 results (jsonb[]), $4 the attempts holding their leases, in step: bodies processed
-- together in one flush, all 'processed' (one statement for a whole batch of phones' syncs). Fenced by the
-- attempt (see finish.sql): returns the ids it finished, and the caller rolls the flush back when
-- one is missing.
-- It also relaxes the flush's commit, as sql/ingest/relax_commit.sql does, without a round trip of its own:
-- synchronous_commit is read at COMMIT, so setting it anywhere in the transaction counts.
UPDATE raw_ingestions AS r
SET status = 'processed', result = done.result, error = NULL, processed_at = now(), lease_until = NULL
FROM unnest($1::bigint[], $2::bigint[], $3::jsonb[], $4::int[]) AS done (user_id, id, result, attempts),
    (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed
WHERE r.user_id = done.user_id AND r.id = done.id AND r.attempts = done.attempts AND r.status = 'processing'
RETURNING r.id
