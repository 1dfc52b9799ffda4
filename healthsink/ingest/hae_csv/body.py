"""A CSV-format body: multipart/form-data whose parts are the app's CSV files, each classified by its header
row (field and file names are not documented and are never relied on), turned into the JSON format's events:

    ("points", metric_index, name, units, 0, [point, ...])     the metrics CSV, one event per metric
    ("item", "workouts", index, workout)                       the workouts CSV, series and routes attached
    ("warning", item_type, index, path, code, details)         an unknown label, a part that is not CSV ...
"""

from __future__ import annotations

from collections.abc import Iterator
from zoneinfo import ZoneInfo

from healthsink.errors import NoReadablePart
from healthsink.ingest.hae_csv import labels, metrics_csv, series_csv, workouts_csv
from healthsink.ingest.hae_csv.multipart import split
from healthsink.ingest.hae_csv.table import Table, read

ACCEPTED = (
    "JSON (application/json), or the CSV format (multipart/form-data carrying the app's health "
    "metrics and workouts CSV files)"
)


def kind(t: Table) -> str | None:
    if not t.header:
        return None
    if workouts_csv.is_workouts(t.header):
        return "workouts"
    if series_csv.is_route(t.header):
        return "route"
    if series_csv.is_series(t.header):
        return "series"
    if labels.is_date_label(t.header[0]):
        return "metrics"
    return None


def events(content_type: str, body: bytes, tz: str) -> Iterator[tuple]:
    zone = ZoneInfo(tz)
    tables: list[tuple[int, str, Table]] = []
    ignored = []
    for i, part in enumerate(split(content_type, body)):
        t = read(part.data)
        k = kind(t)
        if k is None:
            ignored.append((i, part))
        else:
            tables.append((i, k, t))
    if not tables:
        raise NoReadablePart(
            f"the multipart body holds no CSV file healthsink reads; it takes {ACCEPTED}", accepted=[ACCEPTED]
        )
    for i, part in ignored:
        yield (
            "warning",
            "csv",
            i,
            f"csv[{i}]",
            "ignored_part",
            f"part {part.name or part.filename or i!r} is not one of the app's CSV files: kept in the archive only",
        )
    workouts: list[dict] = []
    found: list[series_csv.Series] = []
    found_in: list[int] = []
    metric_index = 0
    for i, k, t in tables:
        if k == "metrics":
            for event in metrics_csv.events(t, zone, i, metric_index):
                if event[0] == "points":
                    metric_index = event[1] + 1
                yield event
        elif k == "workouts":
            ws, warnings = workouts_csv.workouts(t, zone, i)
            workouts.extend(ws)
            yield from warnings
        elif k == "series":
            s, warnings = series_csv.series(t, zone, i)
            found.append(s)
            found_in.append(i)
            yield from warnings
        else:
            found.append(series_csv.route(t, zone, i))
            found_in.append(i)
    unmatched, warnings = series_csv.attach(found, workouts, found_in)
    yield from warnings
    for s in unmatched:  # a workout's samples without their workout are still samples of a metric
        points = [{k: v for k, v in p.items() if k != "units"} for p in s.points]
        yield ("points", metric_index, s.metric, s.units, 0, points)
        metric_index += 1
    for i, w in enumerate(workouts):
        yield ("item", "workouts", i, w)
