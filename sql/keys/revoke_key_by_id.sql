-- $1 key id. Returns the key's owner and id when it was live.
UPDATE api_keys SET revoked_at = now()
WHERE id = $1 AND revoked_at IS NULL
RETURNING user_id, id
