-- imports/finish_import: import $2 of user $1 ended with status $3 ('done' or 'failed'), digest $4,
-- size $5, bytes $6 and records $7 done, result $8 (jsonb), error $9 (text or NULL).
UPDATE imports
SET status = $3, digest = $4, size_bytes = coalesce($5, size_bytes), bytes_done = $6, records_done = $7,
    result = $8, error = $9, finished_at = now(),
    duration_s = extract(epoch FROM now() - created_at)
WHERE user_id = $1 AND id = $2
