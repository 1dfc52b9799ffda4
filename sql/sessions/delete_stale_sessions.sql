-- $1 user id, $2 idle timeout. Forgets the user's sessions that can no longer be used (logged out, past
-- their end, or idle longer than the timeout), so the table holds live sessions only; run at each login.
DELETE FROM web_sessions
WHERE user_id = $1 AND (revoked_at IS NOT NULL OR expires_at <= now() OR last_seen_at <= now() - $2::interval)
