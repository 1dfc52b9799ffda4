"""What `healthsink status`, `healthsink user list`, /api/v1/status and the monitor read about the service."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from healthsink.store.sql import sql


async def users(conn) -> list[asyncpg.Record]:
    return await conn.fetch(sql("status/users"))


async def automations(conn, since: datetime) -> list[asyncpg.Record]:
    return await conn.fetch(sql("status/automations"), since)


async def database(conn) -> asyncpg.Record:
    return await conn.fetchrow(sql("status/database"))


async def partitions(conn) -> list[asyncpg.Record]:
    return await conn.fetch(sql("status/partitions"))


async def ingestion_states(conn) -> dict[str, int]:
    return {r["status"]: r["bodies"] for r in await conn.fetch(sql("status/ingestion_states"))}
