"""/health (the process lives) and /ready (its dependencies answer).

Only the database makes the service unready. Without Redis, rate limits fall back to in-process counts and
every request is still served, so a Redis outage shows as "degraded" in the checks, with a 200.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from healthsink.store.sql import sql
from healthsink.web.appkeys import LIMITER, POOL, READ_POOL, REDIS, REQUEST_ID
from healthsink.web.json import json_response

CHECK_TIMEOUT_S = 2.0


async def health(request: web.Request) -> web.Response:
    return json_response({"status": "ok"})


async def ready(request: web.Request) -> web.Response:
    checks = {"database": "ok"}
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S):
            async with request.app[POOL].acquire() as conn:
                await conn.fetchval(sql("health/ping"))
    except Exception as exc:
        checks["database"] = f"down: {exc.__class__.__name__}"
    replica = request.app[READ_POOL].status
    if replica is not None:
        checks["replica"] = replica
    client = request.app[REDIS]
    if client is not None:
        try:
            async with asyncio.timeout(CHECK_TIMEOUT_S):
                await client.ping()
            checks["redis"] = "ok"
        except Exception as exc:
            # not "down": ingest and auth go on with in-process limits, so the service stays ready
            checks["redis"] = f"degraded: {exc.__class__.__name__}"
        if getattr(request.app[LIMITER], "degraded", False):
            checks["rate_limits"] = "in process (redis fallback)"
    down = [k for k, v in checks.items() if v.startswith("down")]
    if down:
        body = {
            "error": "not_ready",
            "message": f"{', '.join(down)} not answering",
            "checks": checks,
            "request_id": request.get(REQUEST_ID),
        }
        return json_response(body, status=503)
    return json_response({"status": "ready", "checks": checks})
