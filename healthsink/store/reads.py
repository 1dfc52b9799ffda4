"""Queries behind the read API."""
from __future__ import annotations

from datetime import datetime

from healthsink.errors import UnknownMetric
from healthsink.store.sql import sql


async def catalog(conn, user_id: int) -> list:
    return await conn.fetch(sql("read/metric_catalog"), user_id)


async def metric_points(conn, user_id: int, name: str, start: datetime | None, end: datetime | None,
                        source: str | None, limit: int) -> tuple[str, list]:
    kind = await conn.fetchval(sql("read/metric_kind"), user_id, name)
    if kind is None:
        raise UnknownMetric(f"no metric {name!r} stored for this user")
    rows = await conn.fetch(sql(f"read/{kind}_points"), user_id, name, start, end, source, limit)
    return kind, rows
