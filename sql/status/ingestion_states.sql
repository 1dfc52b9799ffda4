-- How many archived bodies are in each state (queued, processing, processed, failed).
SELECT status, count(*) AS bodies
FROM raw_ingestions
GROUP BY status
ORDER BY status
