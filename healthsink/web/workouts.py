"""GET /api/v1/workouts/{id} (summary, series, heart rate) and /api/v1/workouts/{id}/route (GeoJSON).
The list is records.lister("workouts"). A workout's id is its HealthKit UUID (v2) or, for v1 workouts,
"v1:<name>|<start>" (URL-encode it)."""
from __future__ import annotations

from aiohttp import web

from healthsink.store import reads
from healthsink.web.appkeys import POOL, PRINCIPAL
from healthsink.web.json import json_response


async def workout(request: web.Request) -> web.Response:
    key = request.match_info["id"]
    user_id = request[PRINCIPAL].user_id
    async with request.app[POOL].acquire() as conn:
        w = await reads.workout(conn, user_id, key)
        series_rows = await reads.workout_series(conn, user_id, key)
    out = {k: v for k, v in w.items()}
    out["id"] = key
    series: dict[str, list] = {}
    for r in series_rows:
        point = {"date": r["ts"], "source": r["source"], "units": r["units"], "qty": r["qty"]}
        if r["qty_min"] is not None or r["qty_max"] is not None:
            point.update({"min": r["qty_min"], "avg": r["qty"], "max": r["qty_max"]})
        series.setdefault(r["series"], []).append(point)
    out["heart_rate"] = {k: series.pop(k) for k in ("heartRateData", "heartRateRecovery") if k in series}
    out["series"] = series
    return json_response(out)


async def route(request: web.Request) -> web.Response:
    key = request.match_info["id"]
    user_id = request[PRINCIPAL].user_id
    async with request.app[POOL].acquire() as conn:
        w = await reads.workout(conn, user_id, key)     # 404 for a workout that is not the caller's
        points = await reads.workout_route(conn, user_id, key)
    coords = [[p["longitude"], p["latitude"]] + ([p["altitude"]] if p["altitude"] is not None else [])
              for p in points]
    return json_response({
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": coords},
        "properties": {"id": key, "name": w["name"], "start": w["start_ts"], "end": w["end_ts"],
                       "timestamps": [p["ts"] for p in points], "speeds": [p["speed"] for p in points],
                       "courses": [p["course"] for p in points],
                       "horizontal_accuracy": [p["horizontal_accuracy"] for p in points]},
    })
