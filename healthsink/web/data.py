"""The route DELETE /api/v1/data: the caller's stored rows, by metric or family and by time (the CLI's
`healthsink delete`). Needs a key of scope `all` (web/scopes.py: a DELETE is neither an ingest nor a read)."""

from __future__ import annotations

from datetime import UTC, datetime, time

from aiohttp import web

from healthsink.errors import InvalidParameter
from healthsink.store import deletes
from healthsink.web import params
from healthsink.web.appkeys import AUDIT, POOL, PRINCIPAL
from healthsink.web.json import json_response

_TRUE, _FALSE = ("1", "true", "yes"), ("", "0", "false", "no")


def _instant(request: web.Request, name: str) -> datetime | None:
    value = params.timestamp(request, name)
    if isinstance(value, datetime) or value is None:
        return value
    return datetime.combine(value, time(), UTC)  # a date alone: its UTC midnight, as on the command line


def _flag(request: web.Request, name: str) -> bool:
    raw = request.query.get(name, "").lower()
    if raw not in _TRUE + _FALSE:
        raise InvalidParameter(f"'{name}' must be true or false: {raw!r}", parameter=name)
    return raw in _TRUE


async def delete_data(request: web.Request) -> web.Response:
    q = request.query
    f = deletes.Filters(
        metric=q.get("metric") or None,
        family=q.get("family") or None,
        start=_instant(request, "from"),
        end=_instant(request, "to"),
    )
    dry_run = _flag(request, "dry_run")
    principal = request[PRINCIPAL]
    async with request.app[POOL].acquire() as conn:
        counts = await deletes.delete_rows(conn, principal.user_id, f, dry_run)
    if not dry_run:
        request.app[AUDIT].record(
            "data_deleted",
            user_id=principal.user_id,
            key_id=principal.key_id,
            via="api",
            filters=f.as_dict(),
            rows=counts,
        )
    return json_response({"dry_run": dry_run, "filters": f.as_dict(), "deleted": counts, "total": sum(counts.values())})
