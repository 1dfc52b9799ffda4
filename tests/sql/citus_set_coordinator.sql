-- On the coordinator: its own address, so reference tables get a copy there and local tables may refer to them.
SELECT citus_set_coordinator_host(%s, %s)
