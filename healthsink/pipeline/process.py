"""Processing a stored body: parse -> typed rows -> COPY/merge -> its outcome recorded.

A phone's sync (small, in memory) is parsed on the event loop, and shares its flush with the other syncs
arriving at once (batching.py). A big body is parsed in a thread while its earlier rows are merged
(overlap.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
import zlib
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

import asyncpg

from healthsink import metrics
from healthsink.config import Config
from healthsink.errors import BadRequest
from healthsink.ingest import formats, registry
from healthsink.ingest.result import Result
from healthsink.ingest.rows import RowBuilder
from healthsink.pipeline import overlap
from healthsink.pipeline.batching import Coalescer
from healthsink.store import flush, ingestions, settings
from healthsink.store.partitions import Partitions

log = logging.getLogger("healthsink.ingest")
DECOMPRESSED_PIECE = 1 << 20
# Below this, a body is parsed on the event loop: handing a few kB to a thread costs more than parsing it.
INLINE_PARSE_BYTES = 256 * 1024


@dataclass(frozen=True)
class Stored:
    """A body in the archive, claimed for processing (status 'processing')."""

    user_id: int
    ingestion_id: int
    content_type: str | None
    request_id: str | None = None
    attempt: int = 1  # the claim this processing holds: its outcome is recorded only while it holds the lease


@dataclass
class _Sync:
    """A small body's rows, waiting for a flush it shares with other phones' syncs."""

    body: Stored
    rows: flush.Batch
    result: Result
    started: float

    @property
    def size(self) -> int:
        return sum(map(len, self.rows.values()))


async def _merge_at_once(conn, batch: flush.Batch) -> flush.Flushed:
    return flush.Flushed(await flush.merge(conn, batch), [])


async def _merge_and_mark(
    conn, syncs: list[_Sync], batch: flush.Batch, merge: Callable[..., Awaitable[flush.Flushed]]
) -> list[dict]:
    """Inside the caller's transaction: the rows merged, then every body's outcome recorded."""
    flushed = await merge(conn, batch)
    by_body = {sync.body.ingestion_id: flush.Flushed([], []) for sync in syncs}
    for m in flushed.merged:
        by_body[m.ingestion_id].merged.append(m)
    for r in flushed.rejected:
        by_body[r.row[-1]].rejected.append(r)
    outcomes = []
    for sync in syncs:
        # a copy: should this transaction roll back, the body is flushed again from its own counts
        result = sync.result.copy()
        result.add_flushed(by_body[sync.body.ingestion_id])
        outcomes.append(result.outcome(sync.started))
    await ingestions.mark_processed(
        conn, [(s.body.user_id, s.body.ingestion_id, s.body.attempt, out) for s, out in zip(syncs, outcomes)]
    )
    return outcomes


class Processor:
    def __init__(self, pool, cfg: Config, partitions: Partitions) -> None:
        self._pool = pool
        self._cfg = cfg.ingest
        self._partitions = partitions
        # One flush at a time per process: the syncs that arrive meanwhile wait for the next, larger, flush.
        # A flush's cost is mostly fixed (a statement per table; on Citus a task per table and shard), so fewer,
        # larger flushes are cheaper; two at once gained nothing on plain PostgreSQL and cost Citus 30 % of its
        # throughput (docs/scaling.md). Parsing goes on meanwhile: it happens before a sync joins the queue.
        self._syncs: Coalescer[_Sync, dict] = Coalescer(
            self._flush_syncs,
            max_weight=cfg.ingest.batch_rows,
            weight=lambda sync: sync.size,
            concurrency=1,
        )

    async def process_body(self, body: Stored, data: bytes) -> dict:
        """A body still in memory."""
        ct = body.content_type or ""
        tz = await self._zone(body)
        return await self._finish(body, lambda: formats.events(ct, data, tz), inline=len(data) <= INLINE_PARSE_BYTES)

    async def _zone(self, body: Stored) -> str | None:
        """The zone a format without offsets (CSV) is read in: the user's setting, else ingest.default_tz (a user
        row says 'UTC' until its owner sets a zone). No round trip for the JSON format."""
        if not formats.needs_zone(body.content_type):
            return None
        async with self._pool.acquire() as conn:
            tz = (await settings.get_settings(conn, body.user_id)).tz
        return tz if tz != "UTC" else self._cfg.default_tz

    async def process_archived(self, body: Stored, body_bytes: int) -> dict:
        """A body read back from the archive: parsed whole when small, else streamed."""
        async with self._pool.acquire() as conn:
            n = await ingestions.chunk_count(conn, body.user_id, body.ingestion_id)
        loop = asyncio.get_running_loop()

        def pieces() -> Iterator[bytes]:
            d = zlib.decompressobj(wbits=31)
            for seq in range(n):
                data = asyncio.run_coroutine_threadsafe(
                    self._read_chunk(body.user_id, body.ingestion_id, seq), loop
                ).result()
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

        ct = body.content_type or ""
        tz = await self._zone(body)
        if body_bytes <= self._cfg.parse_whole_max_bytes:

            def produce():
                return formats.events(ct, b"".join(pieces()), tz)
        else:

            def produce():
                return formats.stream_events(ct, pieces(), tz)

        return await self._finish(body, produce)

    async def _read_chunk(self, user_id: int, ingestion_id: int, seq: int) -> bytes:
        async with self._pool.acquire() as conn:
            return await ingestions.read_chunk(conn, user_id, ingestion_id, seq)

    async def _finish(self, body: Stored, produce: Callable[[], Iterator[tuple]], inline: bool = False) -> dict:
        """Run, then record the outcome. Bad JSON or envelope: 'failed' and re-raised (the caller answers
        400). Anything else propagates with the body left for the queue (see QueueWorker.handle_failure)."""
        started = time.perf_counter()
        fields = {"request_id": body.request_id, "ingestion_id": body.ingestion_id, "user_id": body.user_id}
        try:
            if inline:
                out = await self._run_inline(body, produce, started)
            else:
                out = (await self._run(body, produce)).outcome(started)
                async with self._pool.acquire() as conn:
                    await ingestions.finish(conn, body.user_id, body.ingestion_id, body.attempt, "processed", out, None)
        except BadRequest as exc:
            async with self._pool.acquire() as conn:
                await ingestions.finish(
                    conn,
                    body.user_id,
                    body.ingestion_id,
                    body.attempt,
                    "failed",
                    {"error": exc.code, "message": exc.message},
                    f"{exc.code}: {exc.message}",
                )
            log.warning("ingestion failed: %s", exc.message, extra={"fields": fields})
            raise
        metrics.PROCESSING_SECONDS.observe(out["processing_time_ms"] / 1000)
        for outcome in ("inserted", "updated", "duplicates"):
            for family, n in out[outcome].items():
                if n:
                    metrics.SAMPLES.labels(family, outcome).inc(n)
        log.info(
            "ingestion processed",
            extra={
                "fields": {
                    **fields,
                    "duration_ms": out["processing_time_ms"],
                    "processed": sum(out["processed"].values()),
                    "errors": len(out["errors"]),
                }
            },
        )
        return out

    async def _run_inline(self, body: Stored, produce: Callable[[], Iterator[tuple]], started: float) -> dict:
        """A small body: parsed on the loop; its rows are stored and its outcome recorded in a flush it
        may share with other phones' syncs."""
        result = Result()
        builder = RowBuilder(body.user_id, body.ingestion_id, result)
        for event in produce():
            registry.apply(builder, event)
        return await self._syncs.submit(_Sync(body, builder.take(), result, started))

    async def _flush_syncs(self, syncs: list[_Sync]) -> list[dict]:
        """One flush for many bodies: the merges count per ingestion_id, and every body's outcome is
        recorded in the same transaction."""
        batch: flush.Batch = {}
        for sync in syncs:
            for key, rows in sync.rows.items():
                batch.setdefault(key, []).extend(rows)
        async with self._pool.acquire() as conn:
            await flush.prepare(conn, self._partitions, batch)
            try:
                # Without merge_isolating's savepoint (two round trips of the ~ten a flush takes): a row that
                # PostgreSQL refuses is rare, and the flush is then run again, isolating it.
                async with conn.transaction():
                    return await _merge_and_mark(conn, syncs, batch, _merge_at_once)
            except asyncpg.PostgresError as exc:
                if not flush.deterministic(exc):
                    raise
            async with conn.transaction():
                return await _merge_and_mark(conn, syncs, batch, flush.merge_isolating)

    async def _run(self, body: Stored, produce: Callable[[], Iterator[tuple]]) -> Result:
        result = Result()
        builder = RowBuilder(body.user_id, body.ingestion_id, result)
        batch_rows = self._cfg.batch_rows

        def parse(hand_over: Callable[[], None]) -> None:
            for event in produce():
                registry.apply(builder, event)
                if builder.pending >= batch_rows:
                    hand_over()

        await overlap.parse_and_store(self._pool, self._partitions, builder, parse)
        return result
