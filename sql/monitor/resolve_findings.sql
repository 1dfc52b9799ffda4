-- Open findings this check (this transaction) did not see again are resolved.
UPDATE monitor_findings SET resolved_at = now()
WHERE resolved_at IS NULL AND last_seen < now()
