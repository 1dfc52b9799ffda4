"""The background check: every `monitor.interval_s`, in one transaction holding an advisory lock (so with
several workers or hosts one of them checks), findings refreshed, the ones no longer found resolved, and
the new ones sent once."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from healthsink import tasks
from healthsink.config import Config
from healthsink.monitor import alerts, checks
from healthsink.store import monitor as store

log = logging.getLogger("healthsink.monitor")


@dataclass(frozen=True)
class Report:
    at: datetime
    found: int
    new: int
    sent: int


class Monitor:
    def __init__(self, pool, cfg: Config) -> None:
        self._pool = pool
        self._cfg = cfg
        self._task: asyncio.Task | None = None
        self.last: Report | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        await tasks.cancel(self._task)

    async def _run(self) -> None:
        while True:
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                # a failed check (database restarting) must not end monitoring: the next interval tries again
                log.exception("data-quality check failed")
            await asyncio.sleep(self._cfg.monitor.interval_s)

    async def run_once(self) -> Report | None:
        """One check; None when another process holds the lock (it is checking right now)."""
        now = datetime.now(UTC)
        async with self._pool.acquire() as conn, conn.transaction():
            if not await store.lock_run(conn):
                return None
            found = await checks.find(conn, self._cfg, now)
            await store.upsert_findings(conn, found)
            await store.resolve_findings(conn)
            new = await store.unalerted_findings(conn)
            sent = 0
            if new and self._cfg.alerts.urls and await alerts.send(self._cfg.alerts.urls, *alerts.message(new)):
                await store.mark_alerted(conn, new)
                sent = len(new)
        self.last = Report(now, len(found), len(new), sent)
        if new:
            log.info("data-quality check", extra={"fields": {"found": len(found), "new": len(new), "sent": sent}})
        return self.last
