"""The health-metrics CSV: `Date/Time`, then `<Label> [<Sub>] (<unit>)` columns, one row per day or bucket.

Each metric becomes the `points` event its JSON export would give: the same name, the same point keys
(`qty`; `Min`/`Avg`/`Max` for heart rate; `totalSleep`, `core`, … for a sleep night; `systolic`/`diastolic`),
so the family modules, and the unit conversion in them, treat CSV and JSON alike. Empty cells give nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import tzinfo

from healthsink.ingest.hae_csv import labels
from healthsink.ingest.hae_csv.local import in_zone
from healthsink.ingest.hae_csv.table import Table, cell, number

_SOURCE_LABELS = frozenset({"source", "sources", "fuente", "fonte", "quelle", "origine"})


@dataclass
class _Metric:
    name: str
    units: str
    columns: list[tuple[int, str]] = field(default_factory=list)  # (column, point key)


def is_source_label(text: str) -> bool:
    return labels.slug(text) in _SOURCE_LABELS


def _metrics(header: list[str], part: int, warnings: list[tuple]) -> tuple[list[_Metric], int | None]:
    by_name: dict[str, _Metric] = {}
    source_col = None
    for c, text in enumerate(header[1:], 1):
        if not text:
            continue
        if is_source_label(text):
            source_col = c
            continue
        col = labels.parse_header(text)
        name, known = labels.metric_name(col.label)
        key = "qty"
        if col.sub is not None:
            key = labels.sub_key(col.sub)
            if key is None:  # a sub-column of its own kind: kept as a metric of its own
                name, known, key = f"{name}_{labels.metric_name(col.sub)[0]}", False, "qty"
        if not known:
            warnings.append(
                (
                    "warning",
                    "metric",
                    c,
                    f"csv[{part}].header[{c}]",
                    "unknown_csv_label",
                    f"{text!r} is not a known label: stored as metric {name!r} ({col.unit or 'no unit'})",
                )
            )
        m = by_name.setdefault(name, _Metric(name, col.unit))
        m.units = m.units or col.unit
        m.columns.append((c, key))
    return list(by_name.values()), source_col


def events(t: Table, tz: tzinfo, part: int, first_index: int) -> Iterator[tuple]:
    """("points", …) per metric, metric indexes from `first_index` on, preceded by any warnings."""
    warnings: list[tuple] = []
    metrics, source_col = _metrics(t.header, part, warnings)
    yield from warnings
    dates = [in_zone(cell(row, 0), tz) for row in t.rows]
    for mi, m in enumerate(metrics, first_index):
        points = []
        for row, date in zip(t.rows, dates):
            point = {k: number(v) for c, k in m.columns if (v := cell(row, c))}
            if not point:
                continue
            point["date"] = date
            if source_col is not None and (src := cell(row, source_col)):
                point["source"] = src
            points.append(point)
        if points:
            yield ("points", mi, m.name, m.units, 0, points)
