-- $1 sha256 lookup digest. The candidate key (one row by the index), with its owner's state.
SELECT k.id, k.user_id, k.secret_hash, k.expires_at, k.revoked_at, k.prefix, k.scope, u.disabled_at
FROM api_keys k
JOIN users u ON u.id = k.user_id
WHERE k.lookup_digest = $1
