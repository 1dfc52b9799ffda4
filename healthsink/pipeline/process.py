"""Archiving and processing bodies: parse -> typed rows -> COPY/merge.

A phone's sync (small, in memory) is parsed on the event loop, and shares its archive INSERT and its flush
with the other syncs arriving at once (batching.py). A big body is parsed in a thread, and parsing and
merging overlap: the parser thread fills the next batch while PostgreSQL merges the last one (two cores:
Python on one, PostgreSQL on the other). A bounded hand-off queue keeps memory flat.
The queue of bodies is raw_ingestions itself; `Ingestor.run_worker` claims with SKIP LOCKED.
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Callable, Iterator

from healthsink import metrics
from healthsink.batching import Coalescer
from healthsink.config import Config
from healthsink.errors import BadRequest
from healthsink.ingest import envelope, registry
from healthsink.ingest.result import Result
from healthsink.ingest.rows import RowBuilder
from healthsink.ingest.stream import Walker
from healthsink.ingest.tables import BY_KEY
from healthsink.store import ingestions
from healthsink.store.flush import flush
from healthsink.store.partitions import Partitions

log = logging.getLogger("healthsink.ingest")
DECOMPRESSED_PIECE = 1 << 20
# Below this, a body is parsed on the event loop: handing a few kB to a thread costs more than parsing it.
INLINE_PARSE_BYTES = 256 * 1024
_DONE = object()


@dataclass
class _Sync:
    """A small body's rows, waiting for a flush it shares with other phones' syncs."""
    user_id: int
    ingestion_id: int
    rows: dict[str, list[tuple]]
    result: Result
    started: float

    @property
    def size(self) -> int:
        return sum(map(len, self.rows.values()))


class Ingestor:
    def __init__(self, pool, cfg: Config, partitions: Partitions) -> None:
        self._pool = pool
        self._cfg = cfg.ingest
        self._partitions = partitions
        # a group's gzip'd bodies travel in one statement: bounded in bytes
        self._archives: Coalescer[dict, object] = Coalescer(self._archive_group, max_weight=4 << 20,
                                                            weight=lambda body: len(body["gz_chunks"][0]))
        self._syncs: Coalescer[_Sync, dict] = Coalescer(self._flush_syncs, max_weight=cfg.ingest.batch_rows,
                                                        weight=lambda sync: sync.size)
        self._wake = asyncio.Event()
        self._workers: list[asyncio.Task] = []

    # -- archiving one body -----------------------------------------------------------------------------

    async def archive(self, **body) -> object:
        """ingestions.archive(), committed before the caller goes on. A body in one gzip piece (any phone's
        sync) shares the statement and its commit with the others arriving at once."""
        if len(body["gz_chunks"]) == 1:
            return await self._archives.submit(body)
        async with self._pool.acquire() as conn:
            return await ingestions.archive(conn, self._partitions, **body)

    async def _archive_group(self, bodies: list[dict]) -> list:
        async with self._pool.acquire() as conn:
            if len(bodies) == 1:
                return [await ingestions.archive(conn, self._partitions, **bodies[0])]
            return await ingestions.archive_many(conn, self._partitions, bodies)

    # -- processing one body --------------------------------------------------------------------------

    async def process_body(self, user_id: int, ingestion_id: int, body: bytes,
                           request_id: str | None = None) -> dict:
        """A body already archived and claimed (status 'processing'), still in memory."""
        return await self._finish(user_id, ingestion_id, request_id,
                                  lambda: envelope.events(envelope.loads(body)),
                                  inline=len(body) <= INLINE_PARSE_BYTES)

    async def process_archived(self, user_id: int, ingestion_id: int, body_bytes: int,
                               request_id: str | None = None) -> dict:
        """A claimed body read back from the archive: parsed whole when small, else streamed."""
        async with self._pool.acquire() as conn:
            n = await ingestions.chunk_count(conn, user_id, ingestion_id)
        loop = asyncio.get_running_loop()

        def pieces() -> Iterator[bytes]:
            d = zlib.decompressobj(wbits=31)
            for seq in range(n):
                data = asyncio.run_coroutine_threadsafe(
                    self._read_chunk(user_id, ingestion_id, seq), loop).result()
                while True:
                    out = d.decompress(data, DECOMPRESSED_PIECE)
                    data = d.unconsumed_tail
                    if out:
                        yield out
                    if not data and len(out) < DECOMPRESSED_PIECE:
                        break
            tail = d.flush()
            if tail:
                yield tail

        if body_bytes <= self._cfg.parse_whole_max_bytes:
            def produce():
                return envelope.events(envelope.loads(b"".join(pieces())))
        else:
            def produce():
                return Walker().events(pieces())
        return await self._finish(user_id, ingestion_id, request_id, produce)

    async def _read_chunk(self, user_id: int, ingestion_id: int, seq: int) -> bytes:
        async with self._pool.acquire() as conn:
            return await ingestions.read_chunk(conn, user_id, ingestion_id, seq)

    async def _finish(self, user_id: int, ingestion_id: int, request_id: str | None,
                      produce: Callable[[], Iterator[tuple]], inline: bool = False) -> dict:
        """Run, then record the outcome. Bad JSON or envelope: 'failed' and re-raised (the caller answers
        400). Anything else propagates with the body left for the queue (see _handle_failure)."""
        started = time.perf_counter()
        fields = {"request_id": request_id, "ingestion_id": ingestion_id, "user_id": user_id}
        try:
            if inline:
                out = await self._run_inline(user_id, ingestion_id, produce, started)
            else:
                result = await self._run(user_id, ingestion_id, produce)
                out = result.outcome(started)
                async with self._pool.acquire() as conn:
                    await ingestions.finish(conn, user_id, ingestion_id, "processed", out, None)
        except BadRequest as exc:
            async with self._pool.acquire() as conn:
                await ingestions.finish(conn, user_id, ingestion_id, "failed",
                                        {"error": exc.code, "message": exc.message}, f"{exc.code}: {exc.message}")
            log.warning("ingestion failed: %s", exc.message, extra={"fields": fields})
            raise
        metrics.PROCESSING_SECONDS.observe(out["processing_time_ms"] / 1000)
        for outcome in ("inserted", "updated", "duplicates"):
            for family, n in out[outcome].items():
                if n:
                    metrics.SAMPLES.labels(family, outcome).inc(n)
        log.info("ingestion processed", extra={"fields": {
            **fields, "duration_ms": out["processing_time_ms"], "processed": sum(out["processed"].values()),
            "errors": len(out["errors"])}})
        return out

    async def _run_inline(self, user_id: int, ingestion_id: int, produce: Callable[[], Iterator[tuple]],
                          started: float) -> dict:
        """A small body: parsed on the loop; its rows are stored and its outcome recorded in a flush it
        may share with other phones' syncs."""
        result = Result()
        builder = RowBuilder(user_id, ingestion_id, result)
        for event in produce():
            registry.apply(builder, event)
        return await self._syncs.submit(_Sync(user_id, ingestion_id, builder.take(), result, started))

    async def _flush_syncs(self, syncs: list[_Sync]) -> list[dict]:
        """One flush for many bodies: the merges count per ingestion_id, and every body's outcome is
        recorded in the same transaction."""
        batch: dict[str, list[tuple]] = {}
        for sync in syncs:
            for key, rows in sync.rows.items():
                batch.setdefault(key, []).extend(rows)
        outcomes: dict[int, dict] = {}

        async def record(conn, merged) -> None:
            by_body: dict[int, list] = {sync.ingestion_id: [] for sync in syncs}
            for row in merged:   # (key, ingestion_id, staged, inserted, updated)
                by_body[row[1]].append(row)
            for sync in syncs:
                # a copy: should this transaction roll back, the body is flushed again from its own counts
                result = sync.result.copy()
                result.add_merged(by_body[sync.ingestion_id])
                outcomes[sync.ingestion_id] = result.outcome(sync.started)
            await ingestions.mark_processed(conn, [(s.user_id, s.ingestion_id, outcomes[s.ingestion_id])
                                                   for s in syncs])

        async with self._pool.acquire() as conn:
            await flush(conn, self._partitions, BY_KEY, batch, then=record)
        return [outcomes[sync.ingestion_id] for sync in syncs]

    async def _flush(self, batch: dict, result: Result) -> None:
        if not batch:
            return
        async with self._pool.acquire() as conn:
            result.add_merged(await flush(conn, self._partitions, BY_KEY, batch))

    async def _run(self, user_id: int, ingestion_id: int, produce: Callable[[], Iterator[tuple]]) -> Result:
        result = Result()
        builder = RowBuilder(user_id, ingestion_id, result)
        loop = asyncio.get_running_loop()
        handoff: asyncio.Queue = asyncio.Queue(maxsize=2)
        stop = threading.Event()
        batch_rows = self._cfg.batch_rows

        def put(item) -> None:
            asyncio.run_coroutine_threadsafe(handoff.put(item), loop).result()

        def parse() -> None:
            try:
                for event in produce():
                    if stop.is_set():
                        return
                    registry.apply(builder, event)
                    if builder.pending >= batch_rows:
                        put(builder.take())
                put(builder.take())
                put(_DONE)
            except BaseException as exc:  # handed to the event loop, raised there
                if not stop.is_set():
                    put(exc)

        parser = loop.run_in_executor(None, parse)
        try:
            while True:
                item = await handoff.get()
                if item is _DONE:
                    break
                if isinstance(item, BaseException):
                    raise item
                await self._flush(item, result)
        finally:
            stop.set()
            while not parser.done():   # unblock a parser waiting to hand over a batch
                while not handoff.empty():
                    handoff.get_nowait()
                await asyncio.sleep(0.005)
        return result

    # -- the queue --------------------------------------------------------------------------------------

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        for _ in range(self._cfg.workers):
            self._workers.append(asyncio.create_task(self.run_worker()))

    async def stop(self) -> None:
        """Stop claiming; a body being processed goes back to the queue for the next start."""
        for task in self._workers:
            task.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers.clear()

    async def run_worker(self) -> None:
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
                except asyncio.TimeoutError:
                    pass
                self._wake.clear()

    async def process_next(self) -> bool:
        """Claim and process one due body. Returns False when none was due."""
        async with self._pool.acquire() as conn:
            row = await ingestions.claim_next(conn, self._cfg.lease_s)
        if row is None:
            return False
        await self.process_claimed(row["user_id"], row["id"], row["body_bytes"], row["attempts"],
                                   row["request_id"])
        return True

    async def process_claimed(self, user_id: int, ingestion_id: int, body_bytes: int, attempts: int,
                              request_id: str | None = None) -> None:
        renew = asyncio.create_task(self._keep_lease(user_id, ingestion_id))
        try:
            await self.process_archived(user_id, ingestion_id, body_bytes, request_id)
        except BadRequest:
            pass   # recorded as failed; nothing to retry
        except asyncio.CancelledError:
            await asyncio.shield(self.release(user_id, ingestion_id))
            raise
        except Exception as exc:
            await self.handle_failure(user_id, ingestion_id, attempts, exc)
        finally:
            renew.cancel()

    async def handle_failure(self, user_id: int, ingestion_id: int, attempts: int, exc: Exception) -> None:
        """A passing failure (database restart, deadlock ...): retry with backoff, then give up as failed."""
        log.warning("ingestion attempt %d failed: %r", attempts, exc,
                    extra={"fields": {"ingestion_id": ingestion_id, "user_id": user_id}})
        async with self._pool.acquire() as conn:
            if attempts >= self._cfg.max_attempts:
                await ingestions.finish(conn, user_id, ingestion_id, "failed", None,
                                        f"gave up after {attempts} attempts: {exc!r}")
            else:
                await ingestions.retry_later(conn, user_id, ingestion_id, repr(exc), min(2.0 ** attempts, 3600.0))

    async def release(self, user_id: int, ingestion_id: int) -> None:
        async with self._pool.acquire() as conn:
            await ingestions.release(conn, user_id, ingestion_id)

    async def _keep_lease(self, user_id: int, ingestion_id: int) -> None:
        while True:
            await asyncio.sleep(self._cfg.lease_s / 3)
            async with self._pool.acquire() as conn:
                await ingestions.renew_lease(conn, user_id, ingestion_id, self._cfg.lease_s)
