"""imports: one row per imported file, its progress while it runs and its outcome; and row origins."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from healthsink.errors import NotFound
from healthsink.store.sql import sql


async def start(conn, user_id: int, kind: str, file_name: str, status: str, size: int | None) -> int:
    """A new import; its id is also the ingestion_id of the rows it writes, noted with their origin."""
    import_id = await conn.fetchval(sql("imports/insert_import"), user_id, kind, file_name, status, size)
    if kind == "apple_export":
        await note_origin(conn, user_id, import_id, "apple_export")
    return import_id


async def note_origin(conn, user_id: int, ingestion_id: int, origin: str) -> None:
    await conn.execute(sql("imports/note_origin"), user_id, ingestion_id, origin)


async def progress(
    conn, user_id: int, import_id: int, bytes_done: int, records_done: int, export_date: datetime | None
) -> None:
    await conn.execute(sql("imports/update_progress"), user_id, import_id, bytes_done, records_done, export_date)


async def finish(
    conn,
    user_id: int,
    import_id: int,
    status: str,
    *,
    digest: bytes | None,
    size: int | None,
    bytes_done: int,
    records_done: int,
    result: dict | None,
    error: str | None,
) -> None:
    await conn.execute(
        sql("imports/finish_import"), user_id, import_id, status, digest, size, bytes_done, records_done, result, error
    )


async def get(conn, user_id: int, import_id: int) -> asyncpg.Record:
    row = await conn.fetchrow(sql("imports/get_import"), user_id, import_id)
    if row is None:
        raise NotFound(f"no import {import_id}")
    return row
