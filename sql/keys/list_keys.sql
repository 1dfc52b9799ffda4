-- $1 user id. The user's keys, never their secrets.
SELECT id, name, prefix, scope, created_at, expires_at, revoked_at, last_used_at
FROM api_keys WHERE user_id = $1 ORDER BY id
