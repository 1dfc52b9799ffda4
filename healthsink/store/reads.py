"""Queries behind the read API. Every one is scoped by user_id: one user can never read another's data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

from healthsink.errors import NotFound, UnknownMetric
from healthsink.ingest import tables
from healthsink.store.sql import sql

# list name -> (SQL, sort-key columns): keyset paging on (instant, key)
PAGES = {
    "symptoms": ("read/symptoms_page", ("start_ts", "name")),
    "state_of_mind": ("read/state_of_mind_page", ("start_ts", "id")),
    "medications": ("read/medications_page", ("ts", "name")),
    "cycle_tracking": ("read/cycle_tracking_page", ("start_ts", "name")),
    "heart_rate_notifications": ("read/heart_rate_notifications_page", ("start_ts", "kind")),
    "workouts": ("read/workouts_page", ("start_ts", "workout_key")),
    "ecg": ("read/ecg_page", ("start_ts", "source")),
    "heartbeats": ("read/heartbeat_series_page", ("ts", "source")),
}
EXPORTS = tables.EXPORTS


async def catalog(conn, user_id: int, after: str | None, limit: int) -> list:
    return await conn.fetch(sql("read/metric_catalog"), user_id, after, limit)


async def metric_kind(conn, user_id: int, name: str) -> str:
    """'quantity', 'heart_rate' or 'blood_pressure'. Sleep has its own endpoint."""
    kind = await conn.fetchval(sql("read/metric_kind"), user_id, name)
    if kind is None:
        raise UnknownMetric(f"no metric {name!r} stored for this user")
    if kind == "sleep":
        raise UnknownMetric(
            "sleep is read by night from /api/v1/sleep (and exported with type=sleep_segments or type=sleep_nights)"
        )
    return kind


async def metric_points(conn, kind: str, user_id: int, name: str, start, end, source, limit: int) -> list:
    return await conn.fetch(sql(f"read/{kind}_points"), user_id, name, start, end, source, limit)


async def metric_buckets(
    conn, kind: str, user_id: int, name: str, start, end, source, grain: str, bucket: str, tz: str, limit: int
) -> list:
    """One row per grain bucket (minute, hour or local day), source and unit, naming the bucket it belongs to."""
    return await conn.fetch(sql(f"read/{kind}_buckets"), user_id, name, start, end, source, grain, bucket, tz, limit)


async def sleep(conn, user_id: int, start, end, tz: str) -> tuple[list, list]:
    nights = await conn.fetch(sql("read/sleep_nights"), user_id, start, end, tz)
    segments = await conn.fetch(sql("read/sleep_segment_nights"), user_id, start, end, tz)
    return nights, segments


async def page(conn, kind: str, user_id: int, start, end, after: tuple | None, limit: int) -> list:
    query, _ = PAGES[kind]
    after = after or (None, None)
    return await conn.fetch(sql(query), user_id, start, end, after[0], after[1], limit)


async def workout(conn, user_id: int, key: str):
    row = await conn.fetchrow(sql("read/workout"), user_id, key)
    if row is None:
        raise NotFound(f"no workout {key!r}")
    return row


async def workout_series(conn, user_id: int, key: str) -> list:
    return await conn.fetch(sql("read/workout_series"), user_id, key)


async def workout_route(conn, user_id: int, key: str) -> list:
    return await conn.fetch(sql("read/workout_route"), user_id, key)


async def ecg(conn, user_id: int, source: str, start: datetime):
    row = await conn.fetchrow(sql("read/ecg"), user_id, source, start)
    if row is None:
        raise NotFound("no such ECG recording")
    return row


async def export_rows(conn, kind: str, user_id: int, start, end, metric: str | None) -> AsyncIterator:
    """Rows from a server-side cursor; the caller holds a transaction open around the iteration."""
    args = [user_id, start, end] + ([metric] if kind in ("quantity", "heart_rate") else [])
    async for row in conn.cursor(sql(f"export/{kind}"), *args, prefetch=2000):
        yield row
