"""The row builder every family module writes into, and the small helpers they share."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from datetime import date as date_cls
from datetime import datetime, timedelta, timezone
from typing import Any, NamedTuple

from healthsink.errors import ConfigError
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


@dataclass(frozen=True)
class Limits:
    """What one item may hold before PostgreSQL would refuse it (or be harmed by it): each is checked per row,
    so a bad item is one entry in `errors` and the rest of the body is stored. A year-0001 date fails the
    partition's range bound and a multi-kB name overflows a btree index row; either failed whole bodies,
    retried for minutes. Many far-apart months in one body created a partition each, for every user."""

    min_date: datetime = datetime(1970, 1, 1, tzinfo=timezone.utc)  # ingest.min_date
    max_future_s: float = 86400.0  # ingest.max_future_s
    max_key_chars: int = 512  # ingest.max_key_chars
    max_new_partitions: int = 240  # ingest.max_new_partitions (per table)

    @classmethod
    def from_config(cls, cfg) -> Limits:
        try:
            first = date_cls.fromisoformat(cfg.min_date)
        except ValueError:
            raise ConfigError(f"invalid value for ingest.min_date: {cfg.min_date!r} (expected YYYY-MM-DD)") from None
        return cls(
            datetime(first.year, first.month, first.day, tzinfo=timezone.utc),
            cfg.max_future_s,
            cfg.max_key_chars,
            cfg.max_new_partitions,
        )


_limits = Limits()


def configure(limits: Limits) -> None:
    """The limits every RowBuilder made from now on applies (set once at start from the config)."""
    global _limits
    _limits = limits


# Columns whose values are instants, and text columns that are part of a natural key (and so of an index).
_INSTANT_COLUMNS = frozenset({"ts", "end_ts", "start_ts", "night_start", "date_ts", "scheduled_ts"})
_KEY_TEXT_COLUMNS = frozenset(
    {"metric", "source", "name", "workout_key", "series", "stage", "kind", "id", "source_id", "units"}
)


class _Checks(NamedTuple):
    instants: tuple[int, ...]
    texts: tuple[int, ...]
    partition: int | None


def _checks(table: Table) -> _Checks:
    return _Checks(
        tuple(i for i, c in enumerate(table.columns) if c in _INSTANT_COLUMNS),
        tuple(i for i, c in enumerate(table.columns) if c in _KEY_TEXT_COLUMNS),
        table.partition_col,
    )


class RowBuilder:
    """Collects typed row tuples per table until the pipeline flushes them."""

    def __init__(self, user_id: int, ingestion_id: int, result: Result, limits: Limits | None = None) -> None:
        self.user_id = user_id
        self.ingestion_id = ingestion_id
        self.result = result
        self.rows: dict[str, list[tuple]] = {}
        self.pending = 0
        self.limits = limits or _limits
        self._earliest = self.limits.min_date
        self._latest = datetime.now(timezone.utc) + timedelta(seconds=self.limits.max_future_s)
        self._checks: dict[str, _Checks] = {}
        self._months: dict[str, set[tuple[int, int]]] = {}
        # set by pipeline/overlap.py: waited on every 1,024 rows, closed while the last batch is COPY'd, so that
        # a parser thread leaves the GIL and a core to the COPY (which it slowed two- to threefold)
        self.gate: threading.Event | None = None

    def add(self, table: Table, row: tuple) -> None:
        """Raises ItemError (caught per item by the family modules) for a row PostgreSQL must not see."""
        checks = self._checks.get(table.key)
        if checks is None:
            checks = self._checks[table.key] = _checks(table)
        for i in checks.instants:
            v = row[i]
            if v is not None and not self._earliest <= v <= self._latest:
                raise ItemError(
                    "out_of_range",
                    f"{table.columns[i]} {v.isoformat()} is outside {self._earliest.date()}"
                    f" … {self._latest.date()} (ingest.min_date, ingest.max_future_s)",
                )
        for i in checks.texts:
            v = row[i]
            if v is not None and len(v) > self.limits.max_key_chars:
                raise ItemError(
                    "invalid_value",
                    f"{table.columns[i]} is {len(v)} characters long, over "
                    f"{self.limits.max_key_chars} (ingest.max_key_chars)",
                )
        if checks.partition is not None:
            self._month(table, row[checks.partition])
        self.rows.setdefault(table.key, []).append(row)
        self.pending += 1
        if not self.pending & 1023 and self.gate is not None:
            self.gate.wait()

    def _month(self, table: Table, instant: datetime) -> None:
        months = self._months.setdefault(table.key, set())
        month = (instant.year, instant.month)
        if month not in months:
            if len(months) >= self.limits.max_new_partitions:
                raise ItemError(
                    "out_of_range",
                    f"this body spans more than {self.limits.max_new_partitions} months "
                    f"of {table.target} (ingest.max_new_partitions): send older data in smaller bodies",
                )
            months.add(month)

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
