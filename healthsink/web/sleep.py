"""GET /api/v1/sleep: one entry per night and source (or, merged, per night), dated by the local day the
sleep ended. The rules are in healthsink/read/sleep.py."""

from __future__ import annotations

from aiohttp import web

from healthsink.read import sleep as rules
from healthsink.web import params
from healthsink.web.appkeys import PRINCIPAL, READ_POOL
from healthsink.web.json import json_response


async def sleep(request: web.Request) -> web.Response:
    merge = params.flag(request, "merge")
    async with request.app[READ_POOL].acquire() as conn:
        ctx = await params.context(request, conn)
        start, end = params.time_range(request, ctx)
        nights = await rules.nights(conn, request[PRINCIPAL].user_id, start, end, ctx, merge)
    return json_response({"tz": ctx.tz, "merged": merge, "nights": nights})
