"""Per-workout CSVs: a metric series (`Date/Time,<Label> (<unit>),Source`; heart rate as
`Date/Time,Min (…),Max (…),Avg (…),Context,Source`) and a route (`Timestamp,Latitude,Longitude,…`, UTC).

A file names its workout only in its file name, which is not to be relied on; each series is given to the
workout of the same body whose time span holds its first point (hae-2026.md §2.3), under the key the JSON
workout uses for it (`activeEnergy`, `heartRateData`, …), in the JSON point shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from healthsink.ingest import dates
from healthsink.ingest.hae_csv import labels
from healthsink.ingest.hae_csv.local import in_zone, utc_in_zone
from healthsink.ingest.hae_csv.metrics_csv import is_source_label
from healthsink.ingest.hae_csv.table import Table, cell, number

# Series label slug -> the JSON v2 workout key (hae-format.md §4.2).
SERIES_KEYS = {
    "active_energy": "activeEnergy",
    "resting_energy": "basalEnergy",
    "basal_energy": "basalEnergy",
    "step_count": "stepCount",
    "walking_running_distance": "walkingAndRunningDistance",
    "cycling_distance": "cyclingDistance",
    "cycling_cadence": "cyclingCadence",
    "cycling_power": "cyclingPower",
    "cycling_speed": "cyclingSpeed",
    "swimming_distance": "swimDistance",
    "swimming_stroke_count": "swimStroke",
    "energía_activa": "activeEnergy",
    "energía_en_reposo": "basalEnergy",
    "conteo_de_pasos": "stepCount",
    "distancia_de_caminata_carrera": "walkingAndRunningDistance",
}
# fmt: off
_ROUTE = {"latitude": "latitude", "longitude": "longitude", "altitude": "altitude", "course": "course",
          "course_accuracy": "courseAccuracy", "horizontal_accuracy": "horizontalAccuracy",
          "vertical_accuracy": "verticalAccuracy", "speed": "speed", "speed_accuracy": "speedAccuracy",
          "latitud": "latitude", "longitud": "longitude", "altitud": "altitude", "velocidad": "speed"}
# fmt: on
_HR_KEYS = {"Min", "Max", "Avg"}
# How far around a workout's span a series may start: the CSV gives the workout's start and end to the minute,
# and the recovery series begins at the end.
_SLACK = timedelta(minutes=2)


@dataclass
class Series:
    key: str | None  # JSON workout key; None for heart rate until matched (data or recovery)
    points: list[dict]
    first: datetime | None  # the first point's instant
    metric: str = ""  # the metric the same samples are, should no workout hold them
    units: str = ""


def is_route(header: list[str]) -> bool:
    keys = {labels.slug(labels.parse_header(h).label) for h in header}
    return labels.slug(header[0]) == "timestamp" and "latitude" in keys and "longitude" in keys


def is_series(header: list[str]) -> bool:
    return labels.is_date_label(header[0]) and any(is_source_label(h) for h in header[1:])


def _first(points: list[dict], key: str) -> datetime | None:
    for p in points:
        try:
            return dates.parse(p[key])[0]
        except dates.InvalidDate:
            continue
    return None


def series(t: Table, tz: tzinfo, part: int) -> tuple[Series, list[tuple]]:
    warnings: list[tuple] = []
    columns = []  # (index, point key)
    key, metric = None, "heart_rate"
    for c, text in enumerate(t.header[1:], 1):
        col = labels.parse_header(text)
        if is_source_label(text):
            columns.append((c, "source"))
        elif labels.slug(col.label) == "context":
            columns.append((c, "context"))
        elif (sub := labels.sub_key(col.label)) in _HR_KEYS:
            columns.append((c, sub))
        else:
            slug = labels.slug(col.label)
            key, metric = SERIES_KEYS.get(slug), labels.metric_name(col.label)[0]
            if key is None:
                key = labels.metric_name(col.label)[0]
                warnings.append(
                    (
                        "warning",
                        "workout",
                        c,
                        f"csv[{part}].header[{c}]",
                        "unknown_csv_label",
                        f"{text!r} is not a known workout series: kept as {key!r}",
                    )
                )
            columns.append((c, "qty"))
    units = next((labels.parse_header(t.header[c]).unit for c, k in columns if k not in ("source", "context")), "")
    points = []
    for row in t.rows:
        p = {k: (v if k in ("source", "context") else number(v)) for c, k in columns if (v := cell(row, c))}
        if not p.keys() - {"source", "context"}:
            continue
        p["date"] = in_zone(cell(row, 0), tz)
        if units:
            p["units"] = units
        points.append(p)
    return Series(key, points, _first(points, "date"), metric, units), warnings


def route(t: Table, tz: tzinfo, part: int) -> Series:
    columns = [(c, _ROUTE.get(labels.slug(labels.parse_header(h).label))) for c, h in enumerate(t.header)]
    points = []
    for row in t.rows:
        p = {k: number(v) for c, k in columns if k and (v := cell(row, c))}
        p["timestamp"] = utc_in_zone(cell(row, 0), tz)
        points.append(p)
    return Series("route", points, _first(points, "timestamp"))


def attach(found: list[Series], workouts: list[dict], part_of: list[int]) -> tuple[list[Series], list[tuple]]:
    """Put each series into the workout whose span holds its first point. Returns the series no workout holds
    (the caller keeps them as metric samples; a route has nowhere to go) and warnings for them."""
    spans = []
    for w in workouts:
        try:
            start = dates.parse(w.get("start"))[0]
        except dates.InvalidDate:
            spans.append(None)
            continue
        try:
            end = dates.parse(w.get("end"))[0]
        except dates.InvalidDate:
            end = start + timedelta(seconds=w["duration"] if isinstance(w.get("duration"), float) else 0)
        spans.append((start, end))
    warnings, unmatched = [], []
    for s, part in zip(found, part_of):
        best = None
        for i, span in enumerate(spans):
            fits = span and s.first and span[0] - _SLACK <= s.first <= span[1] + _SLACK
            if fits and (best is None or span[0] > spans[best][0]):
                best = i
        if best is None:
            kept = f"stored as {s.metric} samples" if s.key != "route" else "not stored (the body stays in the archive)"
            warnings.append(
                (
                    "warning",
                    "workout",
                    part,
                    f"csv[{part}]",
                    "unmatched_workout_csv",
                    f"{len(s.points)} points from {s.first} fall in no workout of this body: {kept}",
                )
            )
            if s.key != "route":
                unmatched.append(s)
            continue
        key = s.key
        if key is None:  # heart rate: the recovery series starts where the workout ends
            key = "heartRateRecovery" if s.first >= spans[best][1] else "heartRateData"
        workouts[best].setdefault(key, []).extend(s.points)
    return unmatched, warnings
