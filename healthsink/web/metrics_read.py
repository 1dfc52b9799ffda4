"""GET /api/v1/metrics (the caller's catalog) and /api/v1/metrics/{name} (stored points)."""
from __future__ import annotations

from datetime import timedelta, timezone

from aiohttp import web

from healthsink.errors import InvalidParameter
from healthsink.ingest import names
from healthsink.store import reads
from healthsink.web import params
from healthsink.web.appkeys import CONFIG, POOL, PRINCIPAL
from healthsink.web.json import json_response


async def catalog(request: web.Request) -> web.Response:
    async with request.app[POOL].acquire() as conn:
        rows = await reads.catalog(conn, request[PRINCIPAL].user_id)
    return json_response({"metrics": [
        {"name": r["name"], "units": r["units"], "count": r["count"], "first": r["first"], "last": r["last"],
         "sources": r["sources"]} for r in rows]})


def _local(ts, offset_min: int) -> str:
    """The instant in the offset the phone wrote it with."""
    return ts.astimezone(timezone(timedelta(minutes=offset_min))).isoformat()


async def points(request: web.Request) -> web.Response:
    name = names.normalise(request.match_info["name"])
    start, end = params.timestamp(request, "start"), params.timestamp(request, "end")
    max_points = request.app[CONFIG].query.max_points
    async with request.app[POOL].acquire() as conn:
        kind, rows = await reads.metric_points(conn, request[PRINCIPAL].user_id, name, start, end,
                                               request.query.get("source"), max_points + 1)
    if len(rows) > max_points:
        raise InvalidParameter(f"more than {max_points} points in this range: narrow start/end",
                               parameter="end")
    out = []
    for r in rows:
        p = {"date": r["ts"], "local_date": _local(r["ts"], r["utc_offset"]), "source": r["source"]}
        if kind == "heart_rate":
            p.update({"min": r["hr_min"], "avg": r["hr_avg"], "max": r["hr_max"], "context": r["context"]})
        else:
            p["qty"] = r["qty"]
            if r["label"] is not None:
                p["label"] = r["label"]
        if r["end_ts"] is not None:
            p["end"] = r["end_ts"]
        out.append(p)
    units = rows[0]["units"] if rows else None
    return json_response({"name": name, "units": units, "points": out})
