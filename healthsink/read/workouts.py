"""Workouts read back: one workout with its series grouped, and its route as GeoJSON."""

from __future__ import annotations

from healthsink.errors import NotFound
from healthsink.store import reads

_HEART_RATE_SERIES = ("heartRateData", "heartRateRecovery")


async def workout(conn, user_id: int, key: str) -> dict:
    """The workout; asked for by the key of an imported twin of a live workout, the live one (the one listed)."""
    w = await reads.workout(conn, user_id, key)
    key = w["workout_key"]
    series_rows = await reads.workout_series(conn, user_id, key)
    out = dict(w.items())
    out["id"] = key
    series: dict[str, list] = {}
    for r in series_rows:
        point = {"date": r["ts"], "source": r["source"], "units": r["units"], "qty": r["qty"]}
        if r["qty_min"] is not None or r["qty_max"] is not None:
            point.update({"min": r["qty_min"], "avg": r["qty"], "max": r["qty_max"]})
        series.setdefault(r["series"], []).append(point)
    out["heart_rate"] = {k: series.pop(k) for k in _HEART_RATE_SERIES if k in series}
    out["series"] = series
    return out


def geometry(points) -> dict:
    """A LineString of [lon, lat(, alt)]; a route of one point is a Point (a one-position LineString is not
    valid GeoJSON, RFC 7946 3.1.4)."""
    coords = [[p["longitude"], p["latitude"]] + ([p["altitude"]] if p["altitude"] is not None else []) for p in points]
    if len(coords) == 1:
        return {"type": "Point", "coordinates": coords[0]}
    return {"type": "LineString", "coordinates": coords}


async def route(conn, user_id: int, key: str) -> dict:
    w = await reads.workout(conn, user_id, key)  # not_found for a workout that is not the caller's
    key = w["workout_key"]  # the live workout, asked for by its imported twin's key
    points = await reads.workout_route(conn, user_id, key)
    if not points:
        raise NotFound(f"workout {key!r} has no route")
    return {
        "type": "Feature",
        "geometry": geometry(points),
        "properties": {
            "id": key,
            "name": w["name"],
            "start": w["start_ts"],
            "end": w["end_ts"],
            "timestamps": [p["ts"] for p in points],
            "speeds": [p["speed"] for p in points],
            "courses": [p["course"] for p in points],
            "horizontal_accuracy": [p["horizontal_accuracy"] for p in points],
        },
    }
