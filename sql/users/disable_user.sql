-- $1 user id. Disables the user and revokes every key; the data stays.
WITH u AS (
    UPDATE users SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1 RETURNING id
)
UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
WHERE user_id IN (SELECT id FROM u)
RETURNING id
