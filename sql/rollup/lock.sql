-- The refresher's lock, waited for: a delete or a purge changes the rollup only while no refresher is
-- writing rows it computed from samples the delete removes.
SELECT pg_advisory_xact_lock(hashtext('healthsink rollup'))
