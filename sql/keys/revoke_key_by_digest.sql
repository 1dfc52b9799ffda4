-- $1 sha256 lookup digest. Returns the key's owner and id when it was live.
UPDATE api_keys SET revoked_at = now()
WHERE lookup_digest = $1 AND revoked_at IS NULL
RETURNING user_id, id
