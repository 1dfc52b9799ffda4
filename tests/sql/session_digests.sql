-- The stored token digests of every dashboard session.
SELECT token_digest FROM web_sessions ORDER BY id
