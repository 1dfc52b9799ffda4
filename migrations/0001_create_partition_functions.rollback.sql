DROP FUNCTION healthsink_ensure_month_partitions_v1(text, timestamptz[]);
DROP FUNCTION healthsink_ensure_month_partition_v1(text, timestamptz);
