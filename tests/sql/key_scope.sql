-- $1 user id. The scope of the user's first key.
SELECT scope FROM api_keys WHERE user_id = $1 ORDER BY id LIMIT 1
