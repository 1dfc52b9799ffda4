-- One refresher at a time across every process and host (serve --workers): a transaction-scoped advisory lock.
-- false: another process is refreshing right now.
SELECT pg_try_advisory_xact_lock(hashtext('healthsink rollup'))
