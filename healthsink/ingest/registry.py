"""Routes each parsed event to its family module."""

from __future__ import annotations

from healthsink.ingest import ecg, events, metrics, workouts
from healthsink.ingest.rows import RowBuilder


def apply(b: RowBuilder, event: tuple) -> None:
    kind = event[0]
    if kind == "points":
        _, mi, name, units, first, points = event
        metrics.add_points(b, mi, name, units, points, first)
    elif kind == "bad_metric":
        b.result.error(
            "metric",
            event[1],
            f"data.metrics[{event[1]}]",
            "invalid_value",
            event[2] if len(event) > 2 else "a metric must be an object",
        )
    elif kind == "warning":  # a format's own notice (an unknown CSV label): (item_type, index, path, code, details)
        b.result.warn(*event[1:])
    else:
        _, key, i, obj = event
        if key == "workouts":
            workouts.add(b, i, obj)
        elif key == "ecg":
            ecg.add(b, i, obj)
        else:
            events.add(b, key, i, obj)
