-- Queue depth and the age of the oldest pending body, for /metrics.
SELECT count(*)::bigint AS depth,
       coalesce(extract(epoch FROM now() - min(received_at)), 0)::float8 AS oldest_s
FROM raw_ingestions
WHERE status IN ('queued', 'processing')
