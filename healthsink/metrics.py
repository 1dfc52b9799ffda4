"""Prometheus metrics, from prometheus_client directly.

One registry for the process, defined once at import: building the app twice (as tests do) reuses these.
Labels are route templates, never client addresses, so the number of series stays bounded.

Under `serve --workers N` each worker writes its values to files in PROMETHEUS_MULTIPROC_DIR and /metrics
sums them (web/prom.py); a gauge's `multiprocess_mode` says how workers' values combine: the queue is one
for all (the newest reading), pools add up, a Redis fallback in any worker shows.
"""

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

REQUESTS = Counter("healthsink_http_requests_total", "HTTP requests", ["route", "method", "status"], registry=REGISTRY)
REQUEST_SECONDS = Histogram(
    "healthsink_http_request_duration_seconds", "HTTP request duration", ["route", "method"], registry=REGISTRY
)
BYTES_RECEIVED = Counter(
    "healthsink_ingest_bytes_received_total", "Request body bytes accepted for ingest", registry=REGISTRY
)
SAMPLES = Counter(
    "healthsink_ingest_samples_total", "Items merged, by family and outcome", ["family", "outcome"], registry=REGISTRY
)
PROCESSING_SECONDS = Histogram(
    "healthsink_ingestion_processing_seconds",
    "Time to process one body",
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
    registry=REGISTRY,
)
QUEUE_DEPTH = Gauge(
    "healthsink_ingest_queue_depth", "Bodies queued or processing", registry=REGISTRY, multiprocess_mode="mostrecent"
)
QUEUE_OLDEST_S = Gauge(
    "healthsink_ingest_queue_oldest_seconds",
    "Age of the oldest pending body",
    registry=REGISTRY,
    multiprocess_mode="mostrecent",
)
AUTH_FAILURES = Counter("healthsink_auth_failures_total", "Refused authentications", registry=REGISTRY)
RATE_LIMITED = Counter(
    "healthsink_rate_limited_total", "Requests refused by a rate limit", ["limit"], registry=REGISTRY
)
RATE_LIMIT_FALLBACK = Gauge(
    "healthsink_rate_limit_redis_fallback",
    "1 while Redis is unreachable and limits are counted in process",
    registry=REGISTRY,
    multiprocess_mode="livemax",
)
REPLICA_FALLBACK = Gauge(
    "healthsink_db_replica_fallback",
    "1 while the read replica does not answer and reads go to the primary",
    registry=REGISTRY,
    multiprocess_mode="livemax",
)
POOL_IN_USE = Gauge(
    "healthsink_db_pool_in_use", "Database connections in use", registry=REGISTRY, multiprocess_mode="livesum"
)
POOL_SIZE = Gauge(
    "healthsink_db_pool_size", "Database connections open", registry=REGISTRY, multiprocess_mode="livesum"
)
