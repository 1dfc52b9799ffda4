-- $1 sha256(token). Logout: the session stops working in every process within auth.key_cache_s.
UPDATE web_sessions SET revoked_at = now()
WHERE token_digest = $1 AND revoked_at IS NULL
RETURNING user_id, id, key_id
