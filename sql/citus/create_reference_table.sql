-- $1 table: copied to every node (small, read by every query: users, keys, unit tables).
SELECT create_reference_table($1::regclass)
