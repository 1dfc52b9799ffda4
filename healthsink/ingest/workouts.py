"""`data.workouts[]`, v1 and v2 (format doc §4): the same keys change type between versions, so every
field is read by its JSON type: an object is a summary ({qty, units}), an array of `{date, qty}` (or
`{date, Min, Avg, Max}`) points a per-interval series. Any other array (`laps`, `workoutSteps`, `tags`, whatever
a later version adds) and any scalar (`effortScore`, `swolfScore` ...) is kept as sent in `extra`: whether a
list is a series is decided by its elements' shape, not by its being a list (hae-2026.md §6.2)."""

from __future__ import annotations

from healthsink import units
from healthsink.ingest import names
from healthsink.ingest.rows import ItemError, RowBuilder, date, extra, opt_date, opt_num, opt_str
from healthsink.ingest.tables import ROUTE_POINTS, WORKOUT_SERIES, WORKOUTS

_SCALARS = frozenset({"id", "name", "start", "end", "duration", "location", "isIndoor", "metadata", "route"})
_ROUTE_FIELDS = (
    ("latitude", "lat"),
    ("longitude", "lon"),
    ("altitude",),
    ("course",),
    ("courseAccuracy",),
    ("horizontalAccuracy",),
    ("verticalAccuracy",),
    ("speed",),
    ("speedAccuracy",),
)
_ROUTE_KNOWN = frozenset({"timestamp", *(k for names_ in _ROUTE_FIELDS for k in names_)})
_SERIES_KNOWN = frozenset({"date", "qty", "units", "source", "Min", "Avg", "Max"})
_SERIES_VALUES = ("qty", "Avg", "Min", "Max")


def is_series(v: list) -> bool:
    """A list of time-series points: some element is an object with a `date` and a value. A series with a bad
    point among good ones is still a series (the bad point is reported); an empty list holds nothing to keep."""
    return not v or any(isinstance(p, dict) and "date" in p and any(k in p for k in _SERIES_VALUES) for p in v)


def add(b: RowBuilder, i: int, w) -> None:
    path = f"data.workouts[{i}]"
    try:
        if not isinstance(w, dict):
            raise ItemError("invalid_value", "a workout must be an object")
        _add(b, i, w, path)
    except ItemError as e:
        b.result.error("workout", i, path + e.path_suffix, e.code, e.details)


def _add(b: RowBuilder, i: int, w: dict, path: str) -> None:
    start, off = date(w.get("start"), "start")
    end, _ = opt_date(w.get("end"), "end")
    name = opt_str(w.get("name")) or ""
    hk_id = opt_str(w.get("id"))
    # v2 has the HealthKit UUID; v1 has none, so its name and start instant stand in.
    key = hk_id if hk_id else f"v1:{name}|{start.isoformat()}"
    summary, series, other = {}, {}, {}
    for k, v in w.items():
        if k in _SCALARS:
            continue
        if isinstance(v, dict):
            summary[k] = units.workout_summary(k, v)  # {qty, units}, heartRate {min, avg, max}, elevation ...
        elif isinstance(v, list) and is_series(v):
            series[k] = v
        else:
            other[k] = v  # laps, workoutSteps, tags, effortScore, swolfScore, strokeStyle, nulls ...
    indoor = w.get("isIndoor")
    b.add(
        WORKOUTS,
        (
            b.user_id,
            key,
            2 if hk_id else 1,
            name,
            start,
            end,
            off,
            opt_num(w.get("duration"), "duration"),
            opt_str(w.get("location")),
            indoor if isinstance(indoor, bool) else None,
            summary,
            w.get("metadata") if isinstance(w.get("metadata"), dict) else None,
            other or None,
            b.ingestion_id,
        ),
    )
    for s_name, points in series.items():
        for j, p in enumerate(points):
            try:
                _series_point(b, key, s_name, p)
            except ItemError as e:
                b.result.error("workout", i, f"{path}.{s_name}[{j}]", e.code, e.details)
    route = w.get("route")
    if isinstance(route, list):
        for j, p in enumerate(route):
            try:
                _route_point(b, key, p)
            except ItemError as e:
                b.result.error("workout", i, f"{path}.route[{j}]", e.code, e.details)


def _series_point(b: RowBuilder, key: str, series: str, p) -> None:
    if not isinstance(p, dict):
        raise ItemError("invalid_value", "a series point must be an object")
    ts, off = date(p.get("date"), "date")
    if "Avg" in p or "Min" in p or "Max" in p:  # v2 heart rate
        qty, lo, hi = opt_num(p.get("Avg"), "Avg"), opt_num(p.get("Min"), "Min"), opt_num(p.get("Max"), "Max")
    else:
        qty, lo, hi = opt_num(p.get("qty"), "qty"), None, None
    sent, ext = opt_str(p.get("units")), extra(p, _SERIES_KNOWN)
    c = units.for_workout(series, sent)  # canonical units (healthsink/units.py), the unit as sent in extra
    if c.unit != sent:
        qty, lo, hi = (None if v is None else c.apply(v) for v in (qty, lo, hi))
        ext = {**(ext or {}), "orig_units": sent}
    b.add(
        WORKOUT_SERIES,
        (b.user_id, key, series, names.source_key(p.get("source")), ts, off, c.unit, qty, lo, hi, ext, b.ingestion_id),
    )


def _route_point(b: RowBuilder, key: str, p) -> None:
    if not isinstance(p, dict):
        raise ItemError("invalid_value", "a route point must be an object")
    ts, off = date(p.get("timestamp"), "timestamp")
    values = []
    for alternatives in _ROUTE_FIELDS:  # v2 latitude/longitude, v1 lat/lon
        raw = p.get(alternatives[0])
        if raw is None and len(alternatives) > 1:
            raw = p.get(alternatives[1])
        values.append(opt_num(raw, alternatives[0]))
    if values[0] is None or values[1] is None:
        raise ItemError("invalid_value", "a route point needs latitude and longitude")
    if not (-90 <= values[0] <= 90 and -180 <= values[1] <= 180):
        raise ItemError("out_of_range", f"not a coordinate: {values[0]}, {values[1]}")
    b.add(ROUTE_POINTS, (b.user_id, key, ts, off, *values, extra(p, _ROUTE_KNOWN), b.ingestion_id))
