"""GET /api/v1/workouts/{id} (summary, series, heart rate) and /api/v1/workouts/{id}/route (GeoJSON).
The list is the registry's "workouts" page (records.lister). A workout's id is its HealthKit UUID (v2) or,
for v1 workouts, "v1:<name>|<start>" (URL-encode it). The rules are in healthsink/read/workouts.py."""

from __future__ import annotations

from aiohttp import web

from healthsink.read import workouts as rules
from healthsink.web.appkeys import PRINCIPAL, READ_POOL
from healthsink.web.json import json_response


async def workout(request: web.Request) -> web.Response:
    async with request.app[READ_POOL].acquire() as conn:
        out = await rules.workout(conn, request[PRINCIPAL].user_id, request.match_info["id"])
    return json_response(out)


async def route(request: web.Request) -> web.Response:
    async with request.app[READ_POOL].acquire() as conn:
        out = await rules.route(conn, request[PRINCIPAL].user_id, request.match_info["id"])
    return json_response(out)
