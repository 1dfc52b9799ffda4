-- $1 key ids. Which of the cached keys are still usable: re-read every few seconds so a revoked or
-- expired key stops working in every process within auth.key_cache_s.
SELECT k.id
FROM api_keys k JOIN users u ON u.id = k.user_id
WHERE k.id = ANY($1::bigint[]) AND k.revoked_at IS NULL AND u.disabled_at IS NULL
  AND (k.expires_at IS NULL OR k.expires_at > now())
