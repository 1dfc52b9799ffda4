-- $1 sha256(token), $2 idle timeout. The session with its key's scope, and whether it may still be used:
-- not logged out, not past its end, not idle too long, its key live and its user enabled.
SELECT s.user_id, s.id, s.key_id, k.prefix, k.scope,
       (s.revoked_at IS NULL AND s.expires_at > now() AND s.last_seen_at > now() - $2::interval
        AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
        AND u.disabled_at IS NULL) AS live
FROM web_sessions s
JOIN api_keys k ON k.user_id = s.user_id AND k.id = s.key_id
JOIN users u ON u.id = s.user_id
WHERE s.token_digest = $1
