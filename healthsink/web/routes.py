"""Every route in one table: (method, path, handler, name). Names drive auth (openapi.PUBLIC) and the docs."""

from __future__ import annotations

from aiohttp import web

from healthsink.web import (
    appkeys,
    data,
    export,
    health,
    imports,
    ingest,
    ingestions,
    me,
    metrics_read,
    openapi,
    prom,
    records,
    sleep,
    status,
    workouts,
)

ROUTES = [
    ("GET", "/health", health.health, "health"),
    ("GET", "/ready", health.ready, "ready"),
    ("GET", "/metrics", prom.prometheus, "metrics"),
    ("GET", "/api/v1/openapi.json", openapi.openapi, "openapi"),
    ("GET", "/api/docs", openapi.docs, "docs"),
    ("POST", "/api/v1/ingest", ingest.ingest, "ingest"),
    ("POST", "/v1/ingest", ingest.ingest, "ingest_v1"),
    ("POST", "/api/v1/sync", ingest.ingest, "sync"),
    ("GET", "/api/v1/ingestions", ingestions.list_ingestions, "ingestions"),
    ("GET", "/api/v1/ingestions/{id}", ingestions.get_ingestion, "ingestion"),
    ("GET", "/api/v1/me", me.get_me, "me"),
    ("PATCH", "/api/v1/me", me.patch_me, "me_update"),
    ("GET", "/api/v1/metrics", metrics_read.catalog, "metric_catalog"),
    ("GET", "/api/v1/metrics/heart_rate_variability/beats", records.lister("heartbeats"), "heartbeats"),
    ("GET", "/api/v1/metrics/{name}", metrics_read.points, "metric_points"),
    ("GET", "/api/v1/sleep", sleep.sleep, "sleep"),
    ("GET", "/api/v1/workouts", records.lister("workouts"), "workouts"),
    ("GET", "/api/v1/workouts/{id}", workouts.workout, "workout"),
    ("GET", "/api/v1/workouts/{id}/route", workouts.route, "workout_route"),
    ("GET", "/api/v1/ecg", records.lister("ecg"), "ecg_list"),
    ("GET", "/api/v1/ecg/{id}", records.ecg, "ecg"),
    ("GET", "/api/v1/symptoms", records.lister("symptoms"), "symptoms"),
    ("GET", "/api/v1/state-of-mind", records.lister("state_of_mind"), "state_of_mind"),
    ("GET", "/api/v1/medications", records.lister("medications"), "medications"),
    ("GET", "/api/v1/cycle-tracking", records.lister("cycle_tracking"), "cycle_tracking"),
    ("GET", "/api/v1/heart-rate-notifications", records.lister("heart_rate_notifications"), "heart_rate_notifications"),
    ("GET", "/api/v1/export", export.export, "export"),
    ("DELETE", "/api/v1/data", data.delete_data, "data_delete"),
    ("POST", "/api/v1/imports", imports.create_import, "import_create"),
    ("GET", "/api/v1/imports/{id}", imports.get_import, "import_status"),
    ("GET", "/api/v1/status", status.get_status, "status"),
]


def add_routes(app: web.Application) -> None:
    for method, path, handler, name in ROUTES:
        app.router.add_route(method, path, handler, name=name)
    app[appkeys.ROUTES] = ROUTES  # read by web/openapi.py, which this module imports
