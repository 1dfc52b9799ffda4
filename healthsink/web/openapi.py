"""GET /api/v1/openapi.json (OpenAPI 3.1, built from the routes table) and /api/docs (a page to browse it).

Each route carries its own description in the routes table (web/routes.py); the query parameters are
described here once.
"""

from __future__ import annotations

import html

from aiohttp import web

from healthsink import __version__
from healthsink.ingest import tables
from healthsink.web.appkeys import ROUTES
from healthsink.web.json import json_response

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
    for route in routes:
        method, path, name = route.method, route.path, route.name
        parameters = [
            {"name": p, "in": "query", "required": False, "description": _PARAM_HELP[p], "schema": {"type": "string"}}
            for p in route.query
        ]
        parameters += [
            {"name": seg[1:-1], "in": "path", "required": True, "schema": {"type": "string"}}
            for seg in path.split("/")
            if seg.startswith("{")
        ]
        op = {
            "operationId": name,
            "summary": route.summary,
            "parameters": parameters,
            "responses": {
                "200": {"description": route.response},
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
