-- $1 user id, $2 name, $3 prefix, $4 sha256 lookup digest, $5 argon2id hash, $6 expires_at (or NULL),
-- $7 scope ('all' | 'ingest' | 'read').
INSERT INTO api_keys (user_id, name, prefix, lookup_digest, secret_hash, expires_at, scope)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id, created_at
