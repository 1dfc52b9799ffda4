-- $1 user id, $2 session id. Keeps a used session from idling out; the caller writes at most once a minute.
UPDATE web_sessions SET last_seen_at = now() WHERE user_id = $1 AND id = $2
