-- $1 email (case-insensitive).
SELECT id, email, created_at, disabled_at FROM users WHERE lower(email) = lower($1)
