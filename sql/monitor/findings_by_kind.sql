-- Open findings per kind, for /metrics.
SELECT kind, count(*) AS n FROM monitor_findings WHERE resolved_at IS NULL GROUP BY kind
