"""Key scopes (migration 0030): a phone's `ingest` key sends and reads nothing; a browser's or a script's `read`
key reads and never sends; `all` (every key made before scopes) does both. Checked after authentication, for
header keys and dashboard sessions alike."""

from __future__ import annotations

from aiohttp import web

from healthsink.errors import Forbidden
from healthsink.web.appkeys import PRINCIPAL

INGEST_ROUTES = frozenset({"ingest", "ingest_v1", "sync"})
# State changes a reader may make: their own display settings (tz, units, goals), not the data.
READER_WRITES = frozenset({"me_update"})
_READS = ("GET", "HEAD")


def needed(route: str, method: str) -> str:
    if method not in _READS and (route in INGEST_ROUTES or route.startswith("import")):
        return "ingest"
    if method in _READS or route in READER_WRITES:
        return "read"
    return "all"


def allows(scope: str, need: str) -> bool:
    return scope == "all" or scope == need


@web.middleware
async def require_scope(request: web.Request, handler):
    principal = request.get(PRINCIPAL)
    if principal is not None:
        route = request.match_info.route.name or ""
        need = needed(route, request.method)
        if not allows(principal.scope, need):
            what = "send data" if need == "ingest" else "read data" if need == "read" else "do this"
            raise Forbidden(
                f"this key's scope is '{principal.scope}': it may not {what}", scope=principal.scope, needed=need
            )
    return await handler(request)
