-- One check at a time across every process and host (serve --workers): a transaction-scoped advisory lock,
-- taken without waiting. The key is a constant: hashtext('healthsink monitor').
SELECT pg_try_advisory_xact_lock(hashtext('healthsink monitor'))
