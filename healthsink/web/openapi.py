"""GET /api/v1/openapi.json (OpenAPI 3.1, built from the routes table) and /api/docs (a page to browse it).

Each route's description lives in DOCS under the route's name; a test checks that the two tables agree, so
the spec cannot drift from what the server answers.
"""

from __future__ import annotations

import html

from aiohttp import web

from healthsink import __version__
from healthsink.ingest import tables
from healthsink.web.appkeys import ROUTES
from healthsink.web.json import json_response

_RANGE = ["start", "end"]
_PAGE = _RANGE + ["cursor", "limit"]
# name -> (summary, query parameters, response description)
DOCS: dict[str, tuple[str, list[str], str]] = {
    "health": ("Liveness: 200 while the process runs", [], "{status}"),
    "ready": ("Readiness: 200 when PostgreSQL (and Redis, if configured) answer, else 503", [], "{status, checks}"),
    "metrics": ("Prometheus metrics", [], "text exposition format"),
    "openapi": ("This description", [], "OpenAPI 3.1 document"),
    "docs": ("A page to browse this description", [], "HTML"),
    "ingest": (
        'Receive a Health Auto Export body: JSON ({"data": {...}}, optionally gzip-encoded), or the CSV '
        "format (multipart/form-data with the app's CSV files; times read in the user's zone)",
        [],
        "200 processed with counts, or 202 queued; 400 invalid_json/invalid_payload; 413; 415; 429",
    ),
    "ingest_v1": ("Same as POST /api/v1/ingest (the original design's path)", [], "as /api/v1/ingest"),
    "sync": ("Same as POST /api/v1/ingest", [], "as /api/v1/ingest"),
    "ingestions": ("Received bodies, newest first", ["cursor", "limit", "session_id"], "{ingestions, next_cursor}"),
    "ingestion": ("One received body: status, sizes, counts, errors and warnings", [], "ingestion"),
    "me": (
        "The caller's email and settings: tz (IANA zone), units (metric | us), goals (daily targets)",
        [],
        "{email, tz, units, goals}",
    ),
    "me_update": (
        "Change the caller's tz, units or goals (a JSON object with any of them; goals are merged)",
        [],
        "{email, tz, units, goals}; 400 invalid_parameter naming the field",
    ),
    "metric_catalog": (
        "The caller's metrics: name, units, count, first, last, sources; paged by name",
        ["cursor", "limit"],
        "{metrics, next_cursor}",
    ),
    "metric_points": (
        "Stored points, or one point per bucket in a time zone",
        _RANGE + ["source", "bucket", "agg", "tz", "merge", "units"],
        "{name, units, points}; 404 unknown_metric; 400 naming a bad parameter",
    ),
    "heartbeats": (
        "HRV beat-to-beat series (beat epochs, seconds since the series start, gaps), each belonging "
        "to the heart_rate_variability sample at the same date and source",
        _PAGE,
        "{items, next_cursor}",
    ),
    "sleep": (
        "One entry per night (local date the sleep ended) with stage totals and bed/wake times",
        _RANGE + ["tz", "merge"],
        "{tz, merged, nights}",
    ),
    "workouts": ("Workout summaries with route point counts", _PAGE, "{items, next_cursor}"),
    "workout": ("One workout: summary, series and heart rate", [], "workout"),
    "workout_route": (
        "A workout's route as a GeoJSON Feature: a LineString of [lon, lat, alt], a Point for a one-point route",
        [],
        "GeoJSON Feature; 404 not_found when the workout has no route",
    ),
    "ecg_list": ("ECG recordings (without samples)", _PAGE, "{items, next_cursor}"),
    "ecg": ("One ECG recording with its voltages", [], "recording"),
    "symptoms": ("Symptoms", _PAGE, "{items, next_cursor}"),
    "state_of_mind": ("State of mind entries", _PAGE, "{items, next_cursor}"),
    "medications": ("Medication events", _PAGE, "{items, next_cursor}"),
    "cycle_tracking": ("Cycle tracking events", _PAGE, "{items, next_cursor}"),
    "heart_rate_notifications": ("Heart-rate notifications", _PAGE, "{items, next_cursor}"),
    "export": (
        "Everything of one type, streamed (chunked) from a server-side cursor",
        _RANGE + ["format", "type", "metric"],
        "NDJSON or CSV",
    ),
    "status": (
        "The caller's last sync (overall and per automation), the queue, and the data-quality monitor's "
        "open findings about them (stale, out_of_range, gap)",
        [],
        "{email, last_sync, last_sync_age_s, automations, queue, findings, monitor}",
    ),
    "import_create": (
        "Import a file: an Apple Health export.zip (or export.xml), or Health Auto Export files "
        "(a JSON body, a CSV export zip); the body is the file, streamed to disk (imports.max_bytes)",
        [],
        "202 {import_id, status}; 413 payload_too_large",
    ),
    "import_status": (
        "One import: status (queued, running, done, failed), bytes and records done, counts per "
        "family, errors and warnings; for a file that cannot be read, the error names file, line "
        "and what",
        [],
        "import",
    ),
    "data_delete": (
        "Delete the caller's stored rows by metric or family and time (key scope all; audited; the raw "
        "archive is kept)",
        ["metric", "family", "from", "to", "dry_run"],
        "{dry_run, filters, deleted: {table: rows}, total}; 400 invalid_parameter",
    ),
}
_PARAM_HELP = {
    "start": "ISO 8601 instant, or a date: local midnight in tz (inclusive)",
    "end": "ISO 8601 instant, or a date: local midnight in tz (exclusive)",
    "cursor": "opaque, from next_cursor",
    "limit": "page size (bounded by query.page_limit)",
    "session_id": "only the bodies of one automation run (the app's session-id header; Batch Requests)",
    "source": "only this source",
    "bucket": "minute | hour | day | week | month",
    "agg": "sum | avg | min | max | count (default: sum for cumulative metrics, else avg)",
    "tz": "IANA time zone for buckets, nights and date-only start/end (default: the user's, see /api/v1/me)",
    "merge": "true: one series from all sources (merged per local day; sleep: one night per date)",
    "units": "a unit to answer in (kJ, mi, degF ...) or a system (metric | us); default: the user's system",
    "format": "ndjson | csv",
    "type": " | ".join(tables.EXPORTS),
    "metric": "a metric name (quantity and heart_rate exports)",
}
_PARAM_HELP.update(
    {
        "family": " | ".join(tables.FAMILIES),
        "from": "ISO 8601 instant or date (UTC midnight), inclusive",
        "to": "ISO 8601 instant or date (UTC midnight), exclusive",
        "dry_run": "true: only count what would go",
    }
)
PUBLIC = {"health", "ready", "metrics", "openapi", "docs"}


def build(routes) -> dict:
    paths: dict = {}
    for method, path, _handler, name in routes:
        summary, query, response = DOCS[name]
        parameters = [
            {"name": p, "in": "query", "required": False, "description": _PARAM_HELP[p], "schema": {"type": "string"}}
            for p in query
        ]
        parameters += [
            {"name": seg[1:-1], "in": "path", "required": True, "schema": {"type": "string"}}
            for seg in path.split("/")
            if seg.startswith("{")
        ]
        op = {
            "operationId": name,
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {"description": response},
                "default": {"description": "error: {error, message, request_id}"},
            },
        }
        if name not in PUBLIC:
            op["security"] = [{"bearer": []}, {"apiKey": []}, {"xApiKey": []}]
        if method in ("POST", "PATCH"):
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}
        paths.setdefault(path, {})[method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "healthsink",
            "version": __version__,
            "description": "Receives Health Auto Export data and serves it back.",
        },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "apiKey": {"type": "apiKey", "in": "header", "name": "api-key"},
                "xApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            }
        },
    }


async def openapi(request: web.Request) -> web.Response:
    return json_response(build(request.app[ROUTES]))


async def docs(request: web.Request) -> web.Response:
    spec = build(request.app[ROUTES])
    rows = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            params_ = ", ".join(p["name"] for p in op["parameters"] if p["in"] == "query")
            rows.append(
                f"<tr><td><code>{method.upper()}</code></td><td><code>{html.escape(path)}</code></td>"
                f"<td>{html.escape(op['summary'])}</td><td>{html.escape(params_)}</td></tr>"
            )
    page = (
        "<!doctype html><meta charset=utf-8><title>healthsink API</title>"
        "<style>body{font-family:sans-serif;margin:2em}td{padding:.3em .8em;border-bottom:1px solid #ddd}</style>"
        f"<h1>healthsink API {__version__}</h1><p>Machine-readable: <a href=/api/v1/openapi.json>"
        "/api/v1/openapi.json</a>. Send the key as <code>Authorization: Bearer …</code>.</p>"
        "<table><tr><th>method<th>path<th>what<th>query</tr>" + "".join(rows) + "</table>"
    )
    return web.Response(text=page, content_type="text/html")
