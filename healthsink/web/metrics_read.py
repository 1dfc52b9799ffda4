"""GET /api/v1/metrics (the caller's catalog) and /api/v1/metrics/{name} (points, or buckets in a zone)."""
from __future__ import annotations

from datetime import timedelta, timezone
from zoneinfo import ZoneInfo

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
    start, end = params.time_range(request)
    source = request.query.get("source")
    bucket = params.choice(request, "bucket", params.BUCKETS)
    tz = params.zone(request)
    max_points = request.app[CONFIG].query.max_points
    user_id = request[PRINCIPAL].user_id
    async with request.app[POOL].acquire() as conn:
        kind = await reads.metric_kind(conn, user_id, name)
        if bucket is None:
            rows = await reads.metric_points(conn, kind, user_id, name, start, end, source, max_points + 1)
        else:
            agg = params.choice(request, "agg", params.AGGS, "sum" if name in names.CUMULATIVE else "avg")
            rows = await reads.metric_buckets(conn, kind, user_id, name, start, end, source, bucket, tz,
                                              max_points + 1)
    if len(rows) > max_points:
        hint = "add a bucket (minute|hour|day|week|month)" if bucket is None else "use a larger bucket"
        raise InvalidParameter(f"more than {max_points} points in this range: {hint} or narrow start/end",
                               parameter="bucket")
    units = rows[0]["units"] if rows else None
    if bucket is None:
        return json_response({"name": name, "units": units, "points": [_point(kind, r) for r in rows]})
    merge = params.flag(request, "merge")
    if merge and kind == "blood_pressure":
        raise InvalidParameter("blood pressure readings are not merged across sources", parameter="merge")
    zone = ZoneInfo(tz)
    out = merge_sources(kind, agg, rows) if merge else [_bucket(kind, agg, r) for r in rows]
    for p in out:
        p["date"] = p["date"].astimezone(zone).isoformat()
    return json_response({"name": name, "units": units, "bucket": bucket,
                          "agg": {"heart_rate": "min/avg/max", "blood_pressure": "avg"}.get(kind, agg),
                          "tz": tz, "merged": merge,
                          "points": out})


def _point(kind: str, r) -> dict:
    p = {"date": r["ts"], "local_date": _local(r["ts"], r["utc_offset"]), "source": r["source"]}
    if kind == "heart_rate":
        p.update({"min": r["hr_min"], "avg": r["hr_avg"], "max": r["hr_max"], "context": r["context"]})
    elif kind == "blood_pressure":
        p.update({"systolic": r["systolic"], "diastolic": r["diastolic"]})
    else:
        p["qty"] = r["qty"]
        if r["label"] is not None:
            p["label"] = r["label"]
    if r["end_ts"] is not None:
        p["end"] = r["end_ts"]
    return p


def _bucket(kind: str, agg: str, r) -> dict:
    if kind == "blood_pressure":
        return {"date": r["bucket"], "source": r["source"], "systolic": r["systolic"], "diastolic": r["diastolic"],
                "systolic_min": r["systolic_min"], "systolic_max": r["systolic_max"], "count": r["count"]}
    if kind == "heart_rate":
        return {"date": r["bucket"], "source": r["source"], "min": r["min"], "avg": r["avg"], "max": r["max"],
                "count": r["count"]}
    return {"date": r["bucket"], "source": r["source"], "qty": r[agg], "count": r["count"]}


def merge_sources(kind: str, agg: str, rows) -> list[dict]:
    """One series from several sources, without double counting.

    iPhone and Watch record the same walk, so adding their steps counts it twice. Per bucket: a sum is the
    largest single source's total (the most complete record of the same activity); an average is weighted
    by each source's number of samples; min and max are taken across sources; count is the largest source's.
    """
    out: dict = {}
    for r in rows:
        b = out.setdefault(r["bucket"], {"date": r["bucket"], "parts": []})
        b["parts"].append(r)
    merged = []
    for b in out.values():
        parts = b["parts"]
        n = sum(p["count"] for p in parts)
        weighted = sum(p["avg"] * p["count"] for p in parts if p["avg"] is not None) / n if n else None
        if kind == "heart_rate":
            merged.append({"date": b["date"], "min": min(p["min"] for p in parts), "avg": weighted,
                           "max": max(p["max"] for p in parts), "count": max(p["count"] for p in parts)})
            continue
        value = {"sum": lambda: max(p["sum"] for p in parts), "avg": lambda: weighted,
                 "min": lambda: min(p["min"] for p in parts), "max": lambda: max(p["max"] for p in parts),
                 "count": lambda: max(p["count"] for p in parts)}[agg]()
        merged.append({"date": b["date"], "qty": value, "count": max(p["count"] for p in parts),
                       "sources": sorted(p["source"] for p in parts)})
    return merged
