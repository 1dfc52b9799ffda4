"""Query-string parsing shared by the read endpoints; a bad value is a 400 naming the parameter."""
from __future__ import annotations

from datetime import datetime, timezone

from aiohttp import web

from healthsink.errors import InvalidParameter


def timestamp(request: web.Request, name: str) -> datetime | None:
    raw = request.query.get(name)
    if raw is None or raw == "":
        return None
    try:
        dt = datetime.fromisoformat(raw.replace(" ", "+") if raw.count(" ") == 1 and "T" in raw else raw)
    except ValueError:
        raise InvalidParameter(f"'{name}' is not an ISO 8601 date or time: {raw!r}", parameter=name) from None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def integer(request: web.Request, name: str, default: int, lo: int, hi: int) -> int:
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidParameter(f"'{name}' must be an integer", parameter=name) from None
    if not lo <= value <= hi:
        raise InvalidParameter(f"'{name}' must be between {lo} and {hi}", parameter=name)
    return value


def path_int(request: web.Request, name: str) -> int:
    try:
        return int(request.match_info[name])
    except ValueError:
        raise InvalidParameter(f"'{name}' must be an integer", parameter=name) from None
