-- $1 table made a reference table, as an older release of `healthsink citus distribute` placed it.
SELECT create_reference_table($1::regclass)
