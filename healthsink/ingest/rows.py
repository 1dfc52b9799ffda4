"""The row builder every family module writes into, and the small helpers they share."""
from __future__ import annotations

import math
from typing import Any

from healthsink.ingest import dates
from healthsink.ingest.result import Result
from healthsink.ingest.tables import Table


class ItemError(ValueError):
    """One item rejected: becomes one entry of the response's `errors`."""

    def __init__(self, code: str, details: str, path_suffix: str = "") -> None:
        super().__init__(details)
        self.code = code
        self.details = details
        self.path_suffix = path_suffix


class RowBuilder:
    """Collects typed row tuples per table until the pipeline flushes them."""

    def __init__(self, user_id: int, ingestion_id: int, result: Result) -> None:
        self.user_id = user_id
        self.ingestion_id = ingestion_id
        self.result = result
        self.rows: dict[str, list[tuple]] = {}
        self.pending = 0

    def add(self, table: Table, row: tuple) -> None:
        self.rows.setdefault(table.key, []).append(row)
        self.pending += 1

    def take(self) -> dict[str, list[tuple]]:
        rows, self.rows, self.pending = self.rows, {}, 0
        return rows


def num(value: Any, field: str) -> float:
    """A finite number (numeric strings accepted), else ItemError invalid_value."""
    if isinstance(value, bool) or value is None:
        raise ItemError("invalid_value", f"{field} is not a number: {value!r}")
    if isinstance(value, (int, float)):
        x = float(value)
    else:
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise ItemError("invalid_value", f"{field} is not a number: {value!r}") from None
    if not math.isfinite(x):
        raise ItemError("invalid_value", f"{field} is not a finite number: {value!r}")
    return x


def opt_num(value: Any, field: str) -> float | None:
    # fast path first: this runs a few million times in a backfill. orjson never yields NaN or infinity.
    t = type(value)
    if t is float:
        return value
    if t is int:
        return float(value)
    return None if value is None or value == "" else num(value, field)


def date(value: Any, field: str):
    """(UTC datetime, offset minutes), else ItemError invalid_date."""
    try:
        return dates.parse(value)
    except dates.InvalidDate as exc:
        raise ItemError("invalid_date", f"{field}: {exc}") from None


def opt_date(value: Any, field: str):
    if value is None or value == "":
        return None, None
    return date(value, field)


def opt_str(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def extra(obj: dict, known: frozenset) -> dict | None:
    """The fields a parser does not know, kept so nothing the app sends is dropped."""
    if obj.keys() <= known:
        return None
    return {k: v for k, v in obj.items() if k not in known}
