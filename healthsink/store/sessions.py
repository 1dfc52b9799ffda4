"""Dashboard sessions (migration 0031): a random token whose SHA-256 is stored, tied to the API key that
opened it, so revoking the key ends the session too."""

from __future__ import annotations

from datetime import datetime, timedelta

import asyncpg

from healthsink.store.sql import sql


async def create(
    conn, user_id: int, key_id: int, digest: bytes, expires_at: datetime, user_agent: str | None, idle: timedelta
) -> int:
    async with conn.transaction():
        await conn.execute(sql("sessions/delete_stale_sessions"), user_id, idle)
        return await conn.fetchval(
            sql("sessions/insert_session"), user_id, key_id, digest, expires_at, (user_agent or "")[:300]
        )


async def find(conn, digest: bytes, idle: timedelta) -> asyncpg.Record | None:
    return await conn.fetchrow(sql("sessions/find"), digest, idle)


async def touch(conn, user_id: int, session_id: int) -> None:
    await conn.execute(sql("sessions/touch"), user_id, session_id)


async def end(conn, digest: bytes) -> asyncpg.Record | None:
    return await conn.fetchrow(sql("sessions/end"), digest)
