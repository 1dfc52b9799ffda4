-- Every user: live and all keys, and their last sync (the newest body received; ids grow with time, so the
-- primary key's (user_id, id) order finds it without reading the user's whole archive).
SELECT u.id, u.email, u.created_at, u.disabled_at,
       (SELECT count(*) FROM api_keys k
         WHERE k.user_id = u.id AND k.revoked_at IS NULL
           AND (k.expires_at IS NULL OR k.expires_at > now())) AS live_keys,
       (SELECT count(*) FROM api_keys k WHERE k.user_id = u.id) AS keys,
       (SELECT r.received_at FROM raw_ingestions r WHERE r.user_id = u.id ORDER BY r.id DESC LIMIT 1) AS last_sync
FROM users u
ORDER BY u.id
