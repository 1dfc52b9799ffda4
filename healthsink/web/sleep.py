"""GET /api/v1/sleep: one entry per night and source, dated by the local day the sleep ended.

Built from aggregated nights where the app sent them, else from unaggregated segments (hours per stage,
first start and last end). "Asleep"/"Unspecified" segments are unstaged sleep and count toward total_sleep.
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

from aiohttp import web

from healthsink.store import reads
from healthsink.web import params
from healthsink.web.appkeys import POOL, PRINCIPAL
from healthsink.web.json import json_response

_STAGES = {"core": "core", "deep": "deep", "rem": "rem", "awake": "awake", "inbed": "in_bed",
           "asleep": "asleep", "unspecified": "asleep"}


async def sleep(request: web.Request) -> web.Response:
    start, end = params.time_range(request)
    tz = params.zone(request)
    async with request.app[POOL].acquire() as conn:
        aggregated, segments = await reads.sleep(conn, request[PRINCIPAL].user_id, start, end, tz)
    zone = ZoneInfo(tz)
    local = lambda ts: ts.astimezone(zone).isoformat() if ts is not None else None
    nights: dict = {}
    for r in aggregated:
        nights[(r["night"], r["source"])] = {
            "night": r["night"].isoformat(), "source": r["source"], "built_from": "aggregated",
            "total_sleep": r["total_sleep"] if r["total_sleep"] is not None else
            sum(r[k] or 0 for k in ("core", "deep", "rem")) or r["asleep"],
            **{k: r[k] for k in ("core", "deep", "rem", "awake", "asleep", "in_bed")},
            "bed_time": local(r["bed"]), "wake_time": local(r["wake"]), "units": "hr"}
    built: dict = {}
    for r in segments:
        key = (r["night"], r["source"])
        if key in nights:
            continue
        n = built.setdefault(key, {"night": r["night"].isoformat(), "source": r["source"],
                                   "built_from": "segments", "bed": r["bed"], "wake": r["wake"],
                                   **dict.fromkeys(("core", "deep", "rem", "awake", "asleep", "in_bed"), 0.0)})
        stage = _STAGES.get(r["stage"])
        if stage:
            n[stage] += float(r["hours"])
        n["bed"], n["wake"] = min(n["bed"], r["bed"]), max(n["wake"], r["wake"])
    for n in built.values():
        n["total_sleep"] = n["core"] + n["deep"] + n["rem"] + n["asleep"]
        n["bed_time"], n["wake_time"] = local(n.pop("bed")), local(n.pop("wake"))
        n["units"] = "hr"
    out = sorted([*nights.values(), *built.values()], key=lambda n: (n["night"], n["source"]))
    return json_response({"tz": tz, "nights": out})
