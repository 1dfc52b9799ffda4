"""What `healthsink reprocess` reads and keeps beside the queue's own statements."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from healthsink.store.sql import sql


async def keep_first_outcome(conn, ingestion_id: int | None, failed_only: bool, since: datetime | None) -> None:
    await conn.execute(sql("reprocess/keep_first_outcome"), ingestion_id, failed_only, since)


async def outcomes(conn, ids: list[int]) -> list[asyncpg.Record]:
    return await conn.fetch(sql("reprocess/outcomes"), ids)
