-- $1 user id. A disabled user may have keys again; the keys revoked when they were disabled stay revoked.
UPDATE users SET disabled_at = NULL WHERE id = $1 RETURNING id
