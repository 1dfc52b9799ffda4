"""The data-quality monitor's statements: the checks (read-only) and the findings they keep."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from healthsink.store.sql import sql


async def lock_run(conn) -> bool:
    return await conn.fetchval(sql("monitor/lock_run"))


async def stale_users(conn, stale_s: float) -> list[asyncpg.Record]:
    return await conn.fetch(sql("monitor/stale_users"), stale_s)


async def stale_automations(conn, stale_s: float, since: datetime) -> list[asyncpg.Record]:
    return await conn.fetch(sql("monitor/stale_automations"), stale_s, since)


async def out_of_range(conn, ranges: list[tuple[str, str, float, float]], since: datetime) -> list[asyncpg.Record]:
    metrics, units, lows, highs = (list(col) for col in zip(*ranges, strict=True))
    return await conn.fetch(sql("monitor/out_of_range"), metrics, units, lows, highs, since)


async def gaps(conn, since: datetime, silent_s: float, min_days: int) -> list[asyncpg.Record]:
    return await conn.fetch(sql("monitor/gaps"), since, silent_s, min_days)


async def upsert_findings(conn, findings: list) -> None:
    if findings:
        await conn.execute(
            sql("monitor/upsert_findings"),
            [f.user_id for f in findings],
            [f.kind for f in findings],
            [f.subject for f in findings],
            [f.detail for f in findings],
        )


async def resolve_findings(conn) -> None:
    await conn.execute(sql("monitor/resolve_findings"))


async def unalerted_findings(conn) -> list[asyncpg.Record]:
    return await conn.fetch(sql("monitor/unalerted_findings"))


async def mark_alerted(conn, rows) -> None:
    await conn.execute(sql("monitor/mark_alerted"), [r["user_id"] for r in rows], [r["id"] for r in rows])


async def open_findings(conn, user_id: int | None = None) -> list[asyncpg.Record]:
    return await conn.fetch(sql("monitor/open_findings"), user_id)


async def findings_by_kind(conn) -> dict[str, int]:
    return {r["kind"]: r["n"] for r in await conn.fetch(sql("monitor/findings_by_kind"))}
