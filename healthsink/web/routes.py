"""Every route in one table: (method, path, handler, name). Names drive auth (middlewares.PUBLIC_ROUTES)."""
from __future__ import annotations

from aiohttp import web

from healthsink.web import health, ingest, ingestions, metrics_read, prom

ROUTES = [
    ("GET", "/health", health.health, "health"),
    ("GET", "/ready", health.ready, "ready"),
    ("GET", "/metrics", prom.prometheus, "metrics"),
    ("POST", "/api/v1/ingest", ingest.ingest, "ingest"),
    ("POST", "/v1/ingest", ingest.ingest, "ingest_v1"),
    ("POST", "/api/v1/sync", ingest.ingest, "sync"),
    ("GET", "/api/v1/ingestions", ingestions.list_ingestions, "ingestions"),
    ("GET", "/api/v1/ingestions/{id}", ingestions.get_ingestion, "ingestion"),
    ("GET", "/api/v1/metrics", metrics_read.catalog, "metric_catalog"),
    ("GET", "/api/v1/metrics/{name}", metrics_read.points, "metric_points"),
]


def add_routes(app: web.Application) -> None:
    for method, path, handler, name in ROUTES:
        app.router.add_route(method, path, handler, name=name)
