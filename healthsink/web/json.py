"""JSON responses through orjson (datetimes become ISO 8601)."""

from __future__ import annotations

import orjson
from aiohttp import web


def json_response(data, status: int = 200) -> web.Response:
    return web.Response(
        body=orjson.dumps(data, option=orjson.OPT_UTC_Z), status=status, content_type="application/json"
    )
