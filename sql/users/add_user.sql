-- $1 email. Returns the new user's id.
INSERT INTO users (email) VALUES ($1) RETURNING id
