-- $1 user id, $2 key id, $3 sha256(token), $4 expires_at (the absolute end), $5 user agent.
INSERT INTO web_sessions (user_id, key_id, token_digest, expires_at, user_agent)
VALUES ($1, $2, $3, $4, $5)
RETURNING id
