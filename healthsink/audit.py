"""The audit trail: who did what, written in batches off the request path.

Never holds a secret: keys appear as their id and first characters only.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from typing import Any

from healthsink.store.partitions import Partitions
from healthsink.store.sql import sql

log = logging.getLogger("healthsink.audit")
FLUSH_EVERY_S = 0.5
MAX_BATCH = 500
# Events wait in memory while the database is away (and are lost if the process dies then: README,
# Reliability). Bounded, so an outage under a stream of failed authentications cannot grow it forever.
MAX_PENDING = 100_000


class AuditLog:
    def __init__(self, pool, partitions: Partitions) -> None:
        self._pool = pool
        self._partitions = partitions
        self._pending: list[tuple] = []
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task | None = None
        self.dropped = 0

    def record(
        self,
        action: str,
        *,
        user_id: int | None = None,
        key_id: int | None = None,
        client_addr: str | None = None,
        user_agent: str | None = None,
        request_id: str | None = None,
        **details: Any,
    ) -> None:
        if len(self._pending) >= MAX_PENDING:
            self.dropped += 1
            if self.dropped == 1:
                log.error("audit buffer full (%d events) while the database is away: dropping new events", MAX_PENDING)
            return
        self._pending.append(
            (datetime.now(timezone.utc), user_id, action, key_id, client_addr, user_agent, request_id, details)
        )
        if len(self._pending) >= MAX_BATCH:
            self._wakeup.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self._wakeup.wait(), FLUSH_EVERY_S)
            except TimeoutError:
                pass
            self._wakeup.clear()
            try:
                await self.flush()
            except Exception:
                log.exception("audit flush failed; %d events kept for the next try", len(self._pending))

    async def flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        try:
            async with self._pool.acquire() as conn:
                await self._partitions.ensure(conn, "audit_log", [e[0] for e in batch])
                await conn.execute(sql("audit/insert_events"), *map(list, zip(*batch)))
        except Exception:
            self._pending[:0] = batch
            raise

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        try:
            await self.flush()
        except Exception as exc:  # a stop during a database outage still stops
            log.error("%d audit events lost at shutdown: the database is not answering (%r)", len(self._pending), exc)


async def list_events(conn, user_id: int | None, since: datetime | None, action: str | None, limit: int):
    return await conn.fetch(sql("audit/list_events"), user_id, since, action, limit)
