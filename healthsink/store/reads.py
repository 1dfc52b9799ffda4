"""Queries behind the read API. Every one is scoped by user_id: one user can never read another's data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

from healthsink.errors import NotFound, UnknownMetric
from healthsink.ingest import tables
from healthsink.store import rollup
from healthsink.store.sql import sql

EXPORTS = tables.EXPORTS


async def catalog(conn, user_id: int, after: str | None, limit: int) -> list:
    """From the rollup's catalog rows once the user's rollup is built; counted from the samples before."""
    tz = await rollup.zone(conn, user_id)
    if tz is None:
        return await conn.fetch(sql("read/metric_catalog_samples"), user_id, after, limit)
    return await conn.fetch(sql("read/metric_catalog"), user_id, after, limit, tz)


async def metric_kind(conn, user_id: int, name: str) -> str:
    """'quantity', 'heart_rate' or 'blood_pressure'. Sleep has its own endpoint."""
    # the rollup's catalog rows once it is built, else the samples (planning that opens every partition)
    built = await rollup.zone(conn, user_id) is not None
    query = sql("read/metric_kind") if built else sql("read/metric_kind_samples")
    kind = await conn.fetchval(query, user_id, name)
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


async def rollup_buckets(
    conn, kind: str, user_id: int, name: str, start, end, source, bucket: str, tz: str, limit: int, leave_out: list
) -> list:
    """As metric_buckets with a grain of a day, from the daily rollup, without the days `leave_out`: `tz` is the
    user's rollup zone, `start` and `end` local midnights in it (or None)."""
    return await conn.fetch(
        sql("read/rollup_buckets"), user_id, name, start, end, source, bucket, tz, limit, kind, leave_out
    )


async def rollup_by_source(
    conn, kind, user_id, name, start, end, source, bucket, tz, limit, leave_out, origins
) -> list:
    """Week or month buckets per source and unit, added up from the rollup's days (sql/read/rollup_by_source.sql)."""
    return await conn.fetch(
        sql("read/rollup_by_source"), user_id, name, start, end, source, bucket, tz, limit, kind, leave_out, origins
    )


async def rollup_merged(conn, kind, user_id, name, start, end, source, bucket, tz, limit, leave_out, origins) -> list:
    """Merged week or month buckets per unit, from the rollup's days (sql/read/rollup_merged.sql)."""
    return await conn.fetch(
        sql("read/rollup_merged"), user_id, name, start, end, source, bucket, tz, limit, kind, leave_out, origins
    )


async def rollup_marked_days(conn, kind: str, user_id: int, name: str, tz: str, start, end) -> list:
    """The local days in [start, end) marked since they were rolled up, in order."""
    return [r["day"] for r in await conn.fetch(sql("read/rollup_marked_days"), user_id, name, kind, tz, start, end)]


async def rollup_zone(conn, user_id: int) -> str | None:
    return await rollup.zone(conn, user_id)


async def sleep(conn, user_id: int, start, end, tz: str) -> tuple[list, list]:
    nights = await conn.fetch(sql("read/sleep_nights"), user_id, start, end, tz)
    segments = await conn.fetch(sql("read/sleep_segment_nights"), user_id, start, end, tz)
    return nights, segments


async def page(conn, page: tables.Page, user_id: int, start, end, after: tuple | None, limit: int) -> list:
    """One keyset page of a list route (tables.PAGES), after the previous page's last sort key."""
    after = after or (None, None)
    return await conn.fetch(sql(page.statement), user_id, start, end, after[0], after[1], limit)


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


async def export_columns(conn, kind: str) -> list[str]:
    """The columns export_rows yields, known before any row: a CSV of no rows still has its header line."""
    statement = await conn.prepare(sql(f"export/{kind}"))  # the cursor's, from asyncpg's statement cache
    return [a.name for a in statement.get_attributes()]


async def export_rows(conn, kind: str, user_id: int, start, end, metric: str | None) -> AsyncIterator:
    """Rows from a server-side cursor; the caller holds a transaction open around the iteration."""
    args = [user_id, start, end] + ([metric] if kind in ("quantity", "heart_rate") else [])
    async for row in conn.cursor(sql(f"export/{kind}"), *args, prefetch=2000):
        yield row
