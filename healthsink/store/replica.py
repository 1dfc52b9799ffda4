"""Reads from a streaming replica (database.replica_url), falling back to the primary while it is down.

Read endpoints and exports take their connection from `ReadPool.acquire()`; writes, authentication, the queue
and the ingestion status stay on the primary's pool (a phone's "was my body processed?" must not lag).
A replica answers with the primary's data as of its replay, usually well under a second behind.

While the replica does not answer (refused, timed out, shutting down, a connection cut mid-query), reads go to
the primary: logged once when it happens and once when it ends, shown in /ready and in
healthsink_db_replica_fallback. A background check tries the replica again every RECHECK_S. A read that
was running on the replica when it died fails once; those after it go to the primary.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import asyncpg

from healthsink import metrics, tasks
from healthsink.store import db
from healthsink.store.sql import sql

log = logging.getLogger("healthsink.replica")
RECHECK_S = 5.0
CONNECT_TIMEOUT_S = 2.0

# "The replica is not there", as opposed to an error in the request itself.
_DOWN = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
    asyncpg.ConnectionDoesNotExistError,
)


def _is_down(exc: BaseException) -> bool:
    if isinstance(exc, _DOWN):
        return True
    return isinstance(exc, asyncpg.InterfaceError) and "connection is closed" in str(exc)


class ReadPool:
    """The pool reads use: the replica's while it answers, else the primary's. Without a replica_url it is
    the primary's pool, unchanged."""

    def __init__(self, primary: asyncpg.Pool, replica_url: str = "", min_size: int = 1, max_size: int = 5) -> None:
        self.primary = primary
        self.url = replica_url
        self.sizes = (min_size, max_size)
        self.replica: asyncpg.Pool | None = None
        self.down_reason: str | None = None
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        if not self.url:
            return
        await self._connect()
        self._task = asyncio.create_task(self._watch())

    async def close(self) -> None:
        await tasks.cancel(self._task)
        if self.replica is not None:
            self.replica.terminate()

    @property
    def status(self) -> str | None:
        """For /ready: None without a replica, "ok", or why reads are on the primary."""
        if not self.url:
            return None
        # not "down: ...": /ready answers 503 for those, and reads still work on the primary
        return "ok" if self.down_reason is None else f"not answering ({self.down_reason}): reads on the primary"

    @contextlib.asynccontextmanager
    async def acquire(self) -> AsyncIterator[asyncpg.Connection]:
        pool = self.replica if self.replica is not None and self.down_reason is None else None
        conn = None
        if pool is not None:
            try:
                conn = await pool.acquire(timeout=CONNECT_TIMEOUT_S)
            except Exception as exc:  # noqa: BLE001 - whatever keeps the replica from answering: the primary
                self._mark_down(exc)
        if conn is None:
            async with self.primary.acquire() as primary_conn:
                yield primary_conn
            return
        try:
            yield conn
        except Exception as exc:
            if _is_down(exc):
                self._mark_down(exc)  # this read fails; the next ones go to the primary
            raise
        finally:
            await pool.release(conn)

    def _mark_down(self, exc: BaseException) -> None:
        if self.down_reason is None:
            log.warning(
                "read replica not answering: reads go to the primary",
                extra={"fields": {"error": exc.__class__.__name__, "detail": str(exc)[:200]}},
            )
        self.down_reason = exc.__class__.__name__
        metrics.REPLICA_FALLBACK.set(1)

    def _mark_up(self) -> None:
        if self.down_reason is not None:
            log.warning("read replica answering again: reads go to it")
        self.down_reason = None
        metrics.REPLICA_FALLBACK.set(0)

    async def _connect(self) -> None:
        """A new pool on the replica (the old one, if any, dropped): its connections may all be dead."""
        old, self.replica = self.replica, None
        if old is not None:
            old.terminate()
        try:
            async with asyncio.timeout(CONNECT_TIMEOUT_S * 2):
                self.replica = await asyncpg.create_pool(
                    self.url,
                    min_size=self.sizes[0],
                    max_size=self.sizes[1],
                    init=db.set_codecs,
                    statement_cache_size=256,
                    timeout=CONNECT_TIMEOUT_S,
                    server_settings=db.SESSION_SETTINGS,
                )
        except Exception as exc:  # noqa: BLE001 - any failure means reads stay on the primary until the next check
            self._mark_down(exc)
            return
        self._mark_up()

    async def _answers(self) -> bool:
        """One query on a connection of its own, not the pool's: a check must not depend on the pool's state."""
        try:
            async with asyncio.timeout(CONNECT_TIMEOUT_S):
                conn = await asyncpg.connect(self.url, timeout=CONNECT_TIMEOUT_S)
                try:
                    await conn.fetchval(sql("health/ping"))
                finally:
                    await conn.close()
            return True
        except Exception as exc:  # noqa: BLE001 - a check that fails in any way is a replica not to read from
            self._mark_down(exc)
            return False

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(RECHECK_S)
            if await self._answers() and (self.replica is None or self.down_reason is not None):
                await self._connect()
