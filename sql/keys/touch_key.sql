-- $1 user id, $2 key id. Records use; the caller writes at most once a minute per key.
UPDATE api_keys SET last_used_at = now() WHERE user_id = $1 AND id = $2
