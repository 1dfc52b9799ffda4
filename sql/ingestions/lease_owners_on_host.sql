-- $1 this host's lease owner prefix ("healthsink:<host>:"). The processes on this host holding leases on
-- bodies still 'processing' (see migration 0010): those that no longer run are reclaimed at start.
SELECT DISTINCT lease_owner
FROM raw_ingestions
WHERE status = 'processing' AND starts_with(lease_owner, $1)
