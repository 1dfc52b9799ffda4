"""Deleting a user's stored data, by metric or family and by time, and purging a user altogether.

The tables come from the family registry (healthsink/ingest/tables.py), so a new family is deleted with
the others without a change here; the statements are versioned SQL functions (migration 0036) because the
table and column names vary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from healthsink.errors import InvalidParameter
from healthsink.ingest import tables
from healthsink.store import rollup
from healthsink.store.sql import sql

# The column a table's rows are dated by, first found in this order.
_TIME_COLUMNS = ("ts", "start_ts", "night_start", "date_ts")
# Tables without a metric column whose rows are, all of them, one metric's.
_TABLE_METRIC = {
    "blood_pressure": "blood_pressure",
    "sleep_nights": "sleep_analysis",
    "sleep_segments": "sleep_analysis",
    "heartbeat_series": "heart_rate_variability",
}


@dataclass(frozen=True)
class Filters:
    metric: str | None = None
    family: str | None = None
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive

    def as_dict(self) -> dict:
        return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in self.__dict__.items() if v is not None}


def families() -> list[str]:
    return list(tables.FAMILIES)


def family_of(table) -> str | None:
    """The registry's family whose tables include `table` (a workout's route points are the workout's); None
    for bookkeeping tables that hold no data of their own."""
    return next((f.name for f in tables.REGISTRY if table in f.tables), None)


def time_column(table) -> str | None:
    return next((c for c in _TIME_COLUMNS if c in table.columns), None)


def plan(f: Filters) -> list[tuple[object, str | None]]:
    """(table, metric column or None) for every table the filters touch."""
    if f.metric and f.family:
        raise InvalidParameter("give a metric or a family, not both", parameter="metric")
    if f.family and f.family not in tables.FAMILIES:
        raise InvalidParameter(f"unknown family {f.family!r}: one of {', '.join(tables.FAMILIES)}", parameter="family")
    if f.start and f.end and f.start >= f.end:
        raise InvalidParameter("'from' must be before 'to'", parameter="from")
    chosen = []
    # the registry's tables only: bookkeeping tables (source spellings) are not data; `user purge` removes them
    for family in tables.REGISTRY:
        if f.family and family.name != f.family:
            continue
        chosen += _matching(family.tables, f)
    return chosen


def _matching(family_tables, f: Filters) -> list[tuple[object, str | None]]:
    chosen = []
    for t in family_tables:
        if (f.start or f.end) and time_column(t) is None:
            continue  # undated rows cannot be in a time range
        if f.metric:
            if "metric" in t.columns:
                chosen.append((t, "metric"))
            elif _TABLE_METRIC.get(t.key) == f.metric:
                chosen.append((t, None))
            continue
        chosen.append((t, None))
    return chosen


async def delete_rows(conn, user_id: int, f: Filters, dry_run: bool) -> dict[str, int]:
    """Rows deleted (or, with dry_run, that would be) per table, in one transaction."""
    counts: dict[str, int] = {}
    async with conn.transaction():
        for t, metric_col in plan(f):
            n = await conn.fetchval(
                sql("data/delete_rows"),
                t.target,
                time_column(t),
                metric_col,
                user_id,
                f.metric,
                f.start,
                f.end,
                dry_run,
            )
            if n:
                counts[t.target] = counts.get(t.target, 0) + n
        if not dry_run:  # the daily rollup of the days the rows were in, again from what is left
            await rollup.lock(conn)
            kinds = sorted({rollup.KIND_OF_TARGET[t.target] for t, _ in plan(f) if t.target in rollup.KIND_OF_TARGET})
            await rollup.rebuild_range(conn, user_id, f.metric, kinds, f.start, f.end)
    return counts


async def purge_user(conn, user_id: int, dry_run: bool) -> dict[str, int]:
    """Every row of the user in every table (archive, keys and audit trail included), then the user."""
    async with conn.transaction():
        await rollup.lock(conn)  # no refresher writes the user's rollup back meanwhile
        rows = await conn.fetch(sql("data/purge_user"), user_id, dry_run)
    return {r["table_name"]: r["row_count"] for r in rows}
