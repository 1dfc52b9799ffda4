"""Query-string parsing shared by the read endpoints; a bad value is a 400 naming the parameter."""
from __future__ import annotations

import base64
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson
from aiohttp import web

from healthsink.errors import InvalidParameter

BUCKETS = ("minute", "hour", "day", "week", "month")
AGGS = ("sum", "avg", "min", "max", "count")


def timestamp(request: web.Request, name: str) -> datetime | None:
    """ISO 8601; a date alone is midnight UTC; a time without an offset is UTC. A '+' sent unescaped in
    a query string arrives as a space, so 'T10:00:00 02:00' is read as '+02:00'."""
    raw = request.query.get(name)
    if raw is None or raw == "":
        return None
    text = raw.replace(" ", "+") if "T" in raw else raw
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidParameter(f"'{name}' is not an ISO 8601 date or time: {raw!r}", parameter=name) from None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def time_range(request: web.Request) -> tuple[datetime | None, datetime | None]:
    start, end = timestamp(request, "start"), timestamp(request, "end")
    if start and end and end <= start:
        raise InvalidParameter("'end' must be after 'start'", parameter="end")
    return start, end


def zone(request: web.Request) -> str:
    name = request.query.get("tz", "UTC")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidParameter(f"'tz' is not an IANA time zone: {name!r}", parameter="tz") from None
    return name


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
