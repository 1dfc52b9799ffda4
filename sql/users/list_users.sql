-- Every user with its number of live keys.
SELECT u.id, u.email, u.created_at, u.disabled_at,
       (SELECT count(*) FROM api_keys k
         WHERE k.user_id = u.id AND k.revoked_at IS NULL
           AND (k.expires_at IS NULL OR k.expires_at > now())) AS live_keys
FROM users u
ORDER BY u.id
