-- $1 parent table, $2 instants: the monthly partitions holding them, created if missing.
SELECT healthsink_ensure_month_partitions_v1($1, $2::timestamptz[])
