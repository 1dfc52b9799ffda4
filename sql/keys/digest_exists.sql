-- $1 sha256 lookup digest. Whether any user already holds a key with this digest.
SELECT EXISTS (SELECT 1 FROM api_keys WHERE lookup_digest = $1)
