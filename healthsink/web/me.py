"""GET /api/v1/me (the caller's email and settings) and PATCH /api/v1/me (change tz, units, goals)."""

from __future__ import annotations

from dataclasses import asdict

import orjson
from aiohttp import web

from healthsink.errors import InvalidJSON
from healthsink.read import settings as rules
from healthsink.store import settings
from healthsink.web.appkeys import AUDIT, POOL, PRINCIPAL, REQUEST_ID
from healthsink.web.json import json_response


async def get_me(request: web.Request) -> web.Response:
    async with request.app[POOL].acquire() as conn:
        current = await settings.get_settings(conn, request[PRINCIPAL].user_id)
    return json_response(asdict(current))


async def patch_me(request: web.Request) -> web.Response:
    try:
        body = orjson.loads(await request.read())
    except orjson.JSONDecodeError:
        raise InvalidJSON("the body is not JSON") from None
    change = rules.change(body)
    principal = request[PRINCIPAL]
    async with request.app[POOL].acquire() as conn:
        current = await settings.update_settings(conn, principal.user_id, **change)
    request.app[AUDIT].record(
        "user_changed", user_id=principal.user_id, key_id=principal.key_id, request_id=request[REQUEST_ID], **change
    )
    return json_response(asdict(current))
