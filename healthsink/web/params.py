"""Query-string parsing shared by the read endpoints; a bad value is a 400 naming the parameter."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime

import orjson
from aiohttp import web

from healthsink.errors import InvalidParameter
from healthsink.read import local, settings
from healthsink.web.appkeys import PRINCIPAL

BUCKETS = ("minute", "hour", "day", "week", "month")
AGGS = ("sum", "avg", "min", "max", "count")


def timestamp(request: web.Request, name: str) -> date | datetime | None:
    """ISO 8601. A date alone stays a date (a local day, made an instant in the request's zone by
    read.local); a time without an offset is UTC. A '+' sent unescaped in a query string arrives as a space,
    so 'T10:00:00 02:00' is read as '+02:00'."""
    raw = request.query.get(name)
    if raw is None or raw == "":
        return None
    text = raw.replace(" ", "+") if "T" in raw else raw
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidParameter(f"'{name}' is not an ISO 8601 date or time: {raw!r}", parameter=name) from None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def zone(request: web.Request) -> str | None:
    """The `tz` asked for, checked; None when the request names none (the user's zone applies)."""
    name = request.query.get("tz")
    return None if name is None else settings.zone(name)


async def context(request: web.Request, conn) -> local.Context:
    """The request's zone and unit system: `tz` and a `units=metric|us`, else the user's settings."""
    system = request.query.get("units")
    return await local.context(
        conn, request[PRINCIPAL].user_id, zone(request), system if system in settings.UNIT_SYSTEMS else None
    )


def time_range(request: web.Request, ctx: local.Context | None = None) -> tuple[datetime | None, datetime | None]:
    """`start` (inclusive) and `end` (exclusive) as instants; a date alone is local midnight in ctx's zone
    (UTC without a context)."""
    return local.time_range(
        timestamp(request, "start"), timestamp(request, "end"), ctx.zone if ctx is not None else UTC
    )


async def local_range(request: web.Request, conn) -> tuple[datetime | None, datetime | None]:
    """time_range for endpoints without buckets: the user's zone is looked up only for a date-only end."""
    start, end = timestamp(request, "start"), timestamp(request, "end")
    dated = any(v is not None and not isinstance(v, datetime) for v in (start, end))
    zone_ = (await context(request, conn)).zone if dated else UTC
    return local.time_range(start, end, zone_)


def choice(request: web.Request, name: str, options: tuple[str, ...], default: str | None = None) -> str | None:
    value = request.query.get(name, default)
    if value is not None and value not in options:
        raise InvalidParameter(f"'{name}' must be one of {', '.join(options)}", parameter=name)
    return value


def flag(request: web.Request, name: str) -> bool:
    value = request.query.get(name, "false").lower()
    if value not in ("true", "false", "1", "0"):
        raise InvalidParameter(f"'{name}' must be true or false", parameter=name)
    return value in ("true", "1")


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


# Opaque tokens: a paging cursor is the last row's sort key; an item id its natural key. Both are
# base64url JSON, so they survive a URL and say nothing a client should rely on.


def encode_token(*parts) -> str:
    raw = orjson.dumps([p.isoformat() if isinstance(p, datetime) else p for p in parts])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str, name: str, kinds: tuple[type, ...]) -> list:
    try:
        parts = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(parts, list) or len(parts) != len(kinds):
            raise ValueError
        return [datetime.fromisoformat(p) if k is datetime else k(p) for p, k in zip(parts, kinds)]
    except (ValueError, TypeError, orjson.JSONDecodeError):
        raise InvalidParameter(f"'{name}' is not valid", parameter=name) from None


def page_limit(request: web.Request, maximum: int) -> int:
    return integer(request, "limit", min(100, maximum), 1, maximum)
