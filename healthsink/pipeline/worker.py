"""The queue: bodies too big to process in the request, and bodies whose processing failed in passing.

The queue is raw_ingestions itself; a worker claims the oldest due body with SKIP LOCKED, keeps its lease
while it works, and on a passing failure (database restart, deadlock ...) puts it back with backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from healthsink.config import Config
from healthsink.errors import BadRequest
from healthsink.pipeline.process import Processor, Stored
from healthsink.store import ingestions

log = logging.getLogger("healthsink.ingest")


class QueueWorker:
    def __init__(self, pool, cfg: Config, processor: Processor) -> None:
        self._pool = pool
        self._cfg = cfg.ingest
        self._processor = processor
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        for _ in range(self._cfg.workers):
            self._tasks.append(asyncio.create_task(self._run()))

    async def stop(self) -> None:
        """Stop claiming; a body being processed goes back to the queue for the next start."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

    async def _run(self) -> None:
        while True:
            try:
                done_one = await self.process_next()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("queue worker error")
                done_one = False
            if not done_one:
                try:
                    await asyncio.wait_for(self._wake.wait(), 1.0)
                except TimeoutError:
                    pass
                self._wake.clear()

    async def process_next(self) -> bool:
        """Claim and process one due body. Returns False when none was due."""
        async with self._pool.acquire() as conn:
            row = await ingestions.claim_next(conn, self._cfg.lease_s)
        if row is None:
            return False
        body = Stored(row["user_id"], row["id"], row["content_type"], row["request_id"], row["attempts"])
        try:
            async with self.leased(body):
                await self._processor.process_archived(body, row["body_bytes"])
        except (BadRequest, ingestions.LeaseLost):
            pass  # recorded as failed, nothing to retry; or another worker has the body now
        except asyncio.CancelledError:
            await asyncio.shield(self.release(body))
            raise
        except Exception as exc:
            await self.handle_failure(body, exc)
        return True

    async def handle_failure(self, body: Stored, exc: Exception) -> None:
        """A passing failure: retry with backoff, then give up as failed."""
        log.warning(
            "ingestion attempt %d failed: %r",
            body.attempt,
            exc,
            extra={"fields": {"ingestion_id": body.ingestion_id, "user_id": body.user_id}},
        )
        async with self._pool.acquire() as conn:
            if body.attempt >= self._cfg.max_attempts:
                await ingestions.finish(
                    conn,
                    body.user_id,
                    body.ingestion_id,
                    body.attempt,
                    "failed",
                    None,
                    f"gave up after {body.attempt} attempts: {exc!r}",
                )
            else:
                await ingestions.retry_later(
                    conn, body.user_id, body.ingestion_id, body.attempt, repr(exc), min(2.0**body.attempt, 3600.0)
                )

    async def release(self, body: Stored) -> None:
        async with self._pool.acquire() as conn:
            await ingestions.release(conn, body.user_id, body.ingestion_id, body.attempt)

    @contextlib.asynccontextmanager
    async def leased(self, body: Stored):
        """Keeps the body's lease while the block runs (in a request or in a worker): a body processed for
        longer than ingest.lease_s is not claimed by a worker and processed twice at once."""
        renew = asyncio.create_task(self._keep_lease(body))
        try:
            yield
        finally:
            renew.cancel()

    async def _keep_lease(self, body: Stored) -> None:
        while True:
            await asyncio.sleep(self._cfg.lease_s / 3)
            async with self._pool.acquire() as conn:
                if not await ingestions.renew_lease(
                    conn, body.user_id, body.ingestion_id, body.attempt, self._cfg.lease_s
                ):
                    log.warning("ingestion %s: lease lost to another worker", body.ingestion_id)
                    return
