"""Every route in one table, each with its documentation: the OpenAPI document (web/openapi.py) is built from
it, so the spec cannot drift from what the server answers. Names drive auth (openapi.PUBLIC), key scopes and
the request metrics. The list routes come from the family registry (ingest/tables.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from aiohttp import web

from healthsink.ingest import tables
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


class Route(NamedTuple):
    method: str
    path: str
    handler: Callable
    name: str
    summary: str
    query: tuple[str, ...]  # query parameters, described in openapi._PARAM_HELP
    response: str


RANGE = ("start", "end")
PAGE = RANGE + ("cursor", "limit")
_INGEST = (
    'Receive a Health Auto Export body: JSON ({"data": {...}}, optionally gzip-encoded), or the CSV '
    "format (multipart/form-data with the app's CSV files; times read in the user's zone)",
    (),
    "200 processed with counts, or 202 queued; 400 invalid_json/invalid_payload; 413; 415; 429",
)


def _pages() -> list[Route]:
    return [
        Route("GET", p.path, records.lister(p), p.name, p.summary, PAGE, "{items, next_cursor}")
        for p in tables.PAGES.values()
    ]


ROUTES = [
    Route("GET", "/health", health.health, "health", "Liveness: 200 while the process runs", (), "{status}"),
    Route(
        "GET",
        "/ready",
        health.ready,
        "ready",
        "Readiness: 200 when PostgreSQL (and Redis, if configured) answer, else 503",
        (),
        "{status, checks}",
    ),
    Route("GET", "/metrics", prom.prometheus, "metrics", "Prometheus metrics", (), "text exposition format"),
    Route("GET", "/api/v1/openapi.json", openapi.openapi, "openapi", "This description", (), "OpenAPI 3.1 document"),
    Route("GET", "/api/docs", openapi.docs, "docs", "A page to browse this description", (), "HTML"),
    Route("POST", "/api/v1/ingest", ingest.ingest, "ingest", *_INGEST),
    Route(
        "POST",
        "/v1/ingest",
        ingest.ingest,
        "ingest_v1",
        "Same as POST /api/v1/ingest (the original design's path)",
        (),
        "as /api/v1/ingest",
    ),
    Route("POST", "/api/v1/sync", ingest.ingest, "sync", "Same as POST /api/v1/ingest", (), "as /api/v1/ingest"),
    Route(
        "GET",
        "/api/v1/ingestions",
        ingestions.list_ingestions,
        "ingestions",
        "Received bodies, newest first",
        ("cursor", "limit", "session_id"),
        "{ingestions, next_cursor}",
    ),
    Route(
        "GET",
        "/api/v1/ingestions/{id}",
        ingestions.get_ingestion,
        "ingestion",
        "One received body: status, sizes, counts, errors and warnings",
        (),
        "ingestion",
    ),
    Route(
        "GET",
        "/api/v1/me",
        me.get_me,
        "me",
        "The caller's email and settings: tz (IANA zone), units (metric | us), goals (daily targets)",
        (),
        "{email, tz, units, goals}",
    ),
    Route(
        "PATCH",
        "/api/v1/me",
        me.patch_me,
        "me_update",
        "Change the caller's tz, units or goals (a JSON object with any of them; goals are merged)",
        (),
        "{email, tz, units, goals}; 400 invalid_parameter naming the field",
    ),
    Route(
        "GET",
        "/api/v1/metrics",
        metrics_read.catalog,
        "metric_catalog",
        "The caller's metrics: name, units, count, first, last, sources; paged by name",
        ("cursor", "limit"),
        "{metrics, next_cursor}",
    ),
    Route(
        "GET",
        "/api/v1/metrics/{name}",
        metrics_read.points,
        "metric_points",
        "Stored points, or one point per bucket in a time zone",
        RANGE + ("source", "bucket", "agg", "tz", "merge", "units"),
        "{name, units, points}; 404 unknown_metric; 400 naming a bad parameter",
    ),
    Route(
        "GET",
        "/api/v1/sleep",
        sleep.sleep,
        "sleep",
        "One entry per night (local date the sleep ended) with stage totals and bed/wake times",
        RANGE + ("tz", "merge"),
        "{tz, merged, nights}",
    ),
    Route(
        "GET",
        "/api/v1/workouts/{id}",
        workouts.workout,
        "workout",
        "One workout: summary, series and heart rate",
        (),
        "workout",
    ),
    Route(
        "GET",
        "/api/v1/workouts/{id}/route",
        workouts.route,
        "workout_route",
        "A workout's route as a GeoJSON Feature: a LineString of [lon, lat, alt], a Point for a one-point route",
        (),
        "GeoJSON Feature; 404 not_found when the workout has no route",
    ),
    Route("GET", "/api/v1/ecg/{id}", records.ecg, "ecg", "One ECG recording with its voltages", (), "recording"),
    *_pages(),
    Route(
        "GET",
        "/api/v1/export",
        export.export,
        "export",
        "Everything of one type, streamed (chunked) from a server-side cursor",
        RANGE + ("format", "type", "metric"),
        "NDJSON or CSV",
    ),
    Route(
        "DELETE",
        "/api/v1/data",
        data.delete_data,
        "data_delete",
        "Delete the caller's stored rows by metric or family and time (key scope all; audited; the raw "
        "archive is kept)",
        ("metric", "family", "from", "to", "dry_run"),
        "{dry_run, filters, deleted: {table: rows}, total}; 400 invalid_parameter",
    ),
    Route(
        "POST",
        "/api/v1/imports",
        imports.create_import,
        "import_create",
        "Import a file: an Apple Health export.zip (or export.xml), or Health Auto Export files "
        "(a JSON body, a CSV export zip); the body is the file, streamed to disk (imports.max_bytes)",
        (),
        "202 {import_id, status}; 413 payload_too_large",
    ),
    Route(
        "GET",
        "/api/v1/imports/{id}",
        imports.get_import,
        "import_status",
        "One import: status (queued, running, done, failed), bytes and records done, counts per "
        "family, errors and warnings; for a file that cannot be read, the error names file, line "
        "and what",
        (),
        "import",
    ),
    Route(
        "GET",
        "/api/v1/status",
        status.get_status,
        "status",
        "The caller's last sync (overall and per automation), the queue, and the data-quality monitor's "
        "open findings about them (stale, out_of_range, gap)",
        (),
        "{email, last_sync, last_sync_age_s, automations, queue, findings, monitor}",
    ),
]


def add_routes(app: web.Application) -> None:
    for route in ROUTES:
        app.router.add_route(route.method, route.path, route.handler, name=route.name)
    app[appkeys.ROUTES] = ROUTES  # read by web/openapi.py, which this module imports
