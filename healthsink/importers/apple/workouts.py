"""Workout elements of every version -> Health Auto Export v2 workouts (ingest/workouts.py stores them).

Old exports carry totals as attributes; from iOS 16 they are WorkoutStatistics children, at the workout's
level and again per WorkoutActivity: the workout's level is used, never the two added (P11). Events,
activities and every statistic are kept in `metadata.export`. Every route is read: each WorkoutRoute's GPX
file (a workout can have many) and the old inline Location form, concatenated in time order.
The export has no workout UUID (P18): the key is the activity type and the UTC start and end instants.
"""

from __future__ import annotations

from datetime import datetime

from healthsink.importers.apple import gpx
from healthsink.importers.apple import mapping as m
from healthsink.importers.apple.localtime import in_zone, instant, zoned
from healthsink.importers.apple.records import device, number_in
from healthsink.ingest import dates, workouts
from healthsink.ingest.rows import ItemError, RowBuilder, date, opt_num
from healthsink.ingest.tables import ROUTE_POINTS

_PREFIX = "HKWorkoutActivityType"
_SUMS = {
    "ActiveEnergyBurned": "activeEnergyBurned",
    "BasalEnergyBurned": "basalEnergyBurned",
    "StepCount": "stepCount",
    "DistanceWalkingRunning": "distance",
    "DistanceCycling": "distance",
    "DistanceSwimming": "distance",
    "DistanceWheelchair": "distance",
    "DistanceDownhillSnowSports": "distance",
    "SwimmingStrokeCount": "swimCadence",
    "FlightsClimbed": "flightsClimbed",
}
_UNITS = {"min": 60.0, "hr": 3600.0, "s": 1.0, "sec": 1.0}


def _q(value, unit) -> dict | None:
    if value is None:
        return None
    try:
        qty = float(value)
    except ValueError:
        return None
    return {"qty": qty, "units": m.UNIT_SPELLINGS.get(unit, unit)}


def _camel(type_id: str) -> str:
    t = m.tail(type_id)
    return t[:1].lower() + t[1:]


def _statistics(stats: list[dict]) -> dict:
    out: dict = {}
    for s in stats:
        tail = m.tail(s.get("type") or "")
        unit = s.get("unit")
        if s.get("sum") is not None:
            q = _q(s.get("sum"), unit)
            if q:
                out[_SUMS.get(tail, _camel(s.get("type") or ""))] = q
        if s.get("average") is not None or s.get("minimum") is not None:
            key = "heartRate" if tail == "HeartRate" else _camel(s.get("type") or "")
            out[key] = {
                k: q
                for k, q in (
                    ("min", _q(s.get("minimum"), unit)),
                    ("avg", _q(s.get("average"), unit)),
                    ("max", _q(s.get("maximum"), unit)),
                )
                if q
            }
    return out


def _leaves(kids, tag: str) -> list[dict]:
    return [k[1] for k in kids or () if isinstance(k, tuple) and k[0] == tag]


def _frames(kids, tag: str) -> list[list]:
    return [k for k in kids or () if isinstance(k, list) and k[0] == tag]


def add(b: RowBuilder, frame: list, source, file_name: str, warn) -> int:
    """Store one workout; returns its route points. `source.side_file(path)` opens a GPX file; `warn(msg)`
    reports a route that could not be read (the workout is stored without it)."""
    _, a, meta, kids, line = frame
    meta = meta or {}
    start, end = a.get("startDate"), a.get("endDate")
    if "HKTimeZone" in meta:
        start, end = in_zone(start, meta["HKTimeZone"]), in_zone(end, meta["HKTimeZone"])
    activity = a.get("workoutActivityType") or ""
    try:
        key = f"xml:{activity}|{dates.parse(start)[0].isoformat()}|{dates.parse(end)[0].isoformat()}"
    except dates.InvalidDate:
        key = None  # ingest/workouts.py refuses the dates with its own message
    w: dict = {"id": key, "name": m.words(activity.removeprefix(_PREFIX)), "start": start, "end": end}
    if a.get("duration") is not None:
        try:
            w["duration"] = float(a["duration"]) * _UNITS.get(a.get("durationUnit") or "min", 60.0)
        except ValueError:
            pass
    # attributes of old exports first; statistics (iOS 16+) win
    if (q := _q(a.get("totalDistance"), a.get("totalDistanceUnit"))) is not None:
        w["distance"] = q
    if (q := _q(a.get("totalEnergyBurned"), a.get("totalEnergyBurnedUnit"))) is not None:
        w["activeEnergyBurned"] = q
    stats = _leaves(kids, "WorkoutStatistics")
    w.update(_statistics(stats))
    if "HKIndoorWorkout" in meta:
        indoor = meta["HKIndoorWorkout"] == "1"
        w["isIndoor"], w["location"] = indoor, "Indoor" if indoor else "Outdoor"
    if (v := number_in(meta.get("HKElevationAscended"))) is not None:
        w["elevationUp"] = {"qty": v / 100 if "cm" in meta["HKElevationAscended"] else v, "units": "m"}
    if (v := number_in(meta.get("HKAverageMETs"))) is not None:
        w["intensity"] = {"qty": v, "units": "kcal/hr·kg"}
    if (v := number_in(meta.get("HKWeatherTemperature"))) is not None:
        w["temperature"] = {"qty": v, "units": "degF" if "degF" in meta["HKWeatherTemperature"] else "degC"}
    if (v := number_in(meta.get("HKWeatherHumidity"))) is not None:
        w["humidity"] = {"qty": v / 100 if v > 100 else v, "units": "%"}  # ×100 in current exports (P10)
    w["metadata"] = {
        **{k: v for k, v in meta.items()},
        "export": {
            "sourceName": a.get("sourceName"),
            "sourceVersion": a.get("sourceVersion"),
            "device": device(a.get("device")),
            "line": line,
            "events": [e[1] for e in _frames(kids, "WorkoutEvent")],
            "activities": [
                {
                    **act[1],
                    "metadata": act[2],
                    "statistics": _leaves(act[3], "WorkoutStatistics"),
                    "events": [e[1] for e in _frames(act[3], "WorkoutEvent")],
                }
                for act in _frames(kids, "WorkoutActivity")
            ],
            "statistics": stats,
        },
    }
    try:
        offset = instant(start)[1]
    except dates.InvalidDate:
        offset = 0
    route: list[list] = []  # [time, latitude, longitude, altitude, course, horizontal, vertical, speed, offset]
    zone = meta.get("HKTimeZone")
    for r in _frames(kids, "WorkoutRoute"):
        for loc in _leaves(r[3], "Location"):  # iOS 12's inline form
            try:
                ts, off = zoned(loc.get("date"), zone)
            except dates.InvalidDate:
                ts, off = loc.get("date"), offset  # refused with its message below
            route.append([ts, *(loc.get(k) for k in _LOCATION), off])
        for ref in _leaves(r[3], "FileReference"):
            path = ref.get("path") or ""
            f = source.side_file(path)
            if f is None:
                warn(f"{file_name} line {line}: route file {path} is not in the export")
                continue
            with f:
                try:
                    pts = gpx.points(f, path)
                except gpx.RouteError as exc:
                    pts = exc.points
                    warn(f"route {exc}")
            for p in pts:
                p.append(offset)
            route.extend(pts)
    route.sort(key=_time_order)
    errors = len(b.result.errors)
    workouts.add(b, line, w)
    if len(b.result.errors) == errors and key is not None:  # a refused workout's route is not stored either
        for j, p in enumerate(route):
            try:
                _route_point(b, key, p)
            except ItemError as e:
                b.result.error("workout", line, f"data.workouts[{line}].route[{j}]", e.code, e.details)
    for e in b.result.errors[errors:]:
        e["path"] = f"{file_name} line {line}{e['path'].split(']', 1)[-1]}"
    return len(route)


_LOCATION = ("latitude", "longitude", "altitude", "course", "horizontalAccuracy", "verticalAccuracy", "speed")


def _time_order(p: list) -> float:
    return p[0].timestamp() if isinstance(p[0], datetime) else float("inf")


def _route_point(b: RowBuilder, key: str, p: list) -> None:
    """One route point as ingest/workouts.py stores the app's (same checks, same messages)."""
    ts = p[0]
    if not isinstance(ts, datetime):
        ts = date(ts, "timestamp")[0]
    lat, lon = opt_num(p[1], "latitude"), opt_num(p[2], "longitude")
    if lat is None or lon is None:
        raise ItemError("invalid_value", "a route point needs latitude and longitude")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ItemError("out_of_range", f"not a coordinate: {lat}, {lon}")
    b.add(
        ROUTE_POINTS,
        (
            b.user_id,
            key,
            ts,
            p[8],
            lat,
            lon,
            opt_num(p[3], "altitude"),
            opt_num(p[4], "course"),
            None,
            opt_num(p[5], "horizontalAccuracy"),
            opt_num(p[6], "verticalAccuracy"),
            opt_num(p[7], "speed"),
            None,
            None,
            b.ingestion_id,
        ),
    )
