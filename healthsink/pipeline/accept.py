"""Accepting a body, end to end: archive first, then process it now or leave it to the queue.

`Ingestor.accept` is the one owner of this use case; the web layer maps HTTP to a `Body` and the
`Accepted` back to a response, and knows nothing of archives, leases or queues.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from healthsink.audit import AuditLog
from healthsink.config import Config
from healthsink.errors import BadRequest
from healthsink.ingest.result import Result
from healthsink.pipeline.batching import Coalescer
from healthsink.pipeline.process import Processor, Stored
from healthsink.pipeline.worker import QueueWorker
from healthsink.store import ingestions
from healthsink.store.partitions import Partitions

log = logging.getLogger("healthsink.ingest")


@dataclass(frozen=True)
class Body:
    """A received body: hashed and gzip'd as it arrived, and whole in memory when small."""

    user_id: int
    key_id: int | None
    request_id: str | None
    digest: bytes
    size: int
    gz_chunks: list[bytes]
    data: bytes | None
    content_type: str | None
    headers: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Accepted:
    """What became of a body: 'processed' (with the outcome) or 'queued' (stored; processed later)."""

    ingestion_id: int
    status: str
    outcome: dict | None = None


class Ingestor:
    def __init__(self, pool, cfg: Config, partitions: Partitions, audit: AuditLog | None = None) -> None:
        self._pool = pool
        self._cfg = cfg.ingest
        self._partitions = partitions
        self._audit = audit
        self.processor = Processor(pool, cfg, partitions)
        self.queue = QueueWorker(pool, cfg, self.processor)
        # a group's gzip'd bodies travel in one statement: bounded in bytes
        self._archives: Coalescer[ingestions.NewBody, object] = Coalescer(
            self._archive_group, max_weight=4 << 20, weight=lambda body: len(body.gz_chunks[0])
        )

    async def accept(self, body: Body) -> Accepted:
        # A body too big to answer within a few seconds goes to the queue.
        in_request = body.data is not None and body.size <= self._cfg.async_threshold_bytes
        new = ingestions.NewBody(
            body.user_id,
            body.key_id,
            body.request_id,
            body.digest,
            body.size,
            body.gz_chunks,
            body.content_type,
            body.headers,
            "processing" if in_request else "queued",
            self._cfg.lease_s if in_request else None,
        )
        stored = await self.archive(new)
        seen = stored["seen_id"]
        if seen is not None:
            # The same bytes again (an overlapping re-send): nothing new can come of it.
            result = Result.as_duplicates(stored["seen_result"])
            async with self._pool.acquire() as conn:
                ingestion_id = await ingestions.record_duplicate(conn, self._partitions, new, seen, result)
        else:
            ingestion_id = stored["id"]
        self._record("ingestion_accepted", body, ingestion_id=ingestion_id, bytes=body.size, duplicate_of=seen)
        if seen is not None:
            return Accepted(ingestion_id, "processed", result)
        if not in_request:
            self.queue.wake()
            return Accepted(ingestion_id, "queued")
        stored_body = Stored(body.user_id, ingestion_id, body.content_type, body.request_id)
        try:
            async with self.queue.leased(stored_body):
                out = await self.processor.process_body(stored_body, body.data)
        except BadRequest as exc:
            exc.details["ingestion_id"] = ingestion_id
            raise
        except asyncio.CancelledError:
            await asyncio.shield(self.queue.release(stored_body))
            raise
        except ingestions.LeaseLost:
            # the request took longer than the lease could be kept (a stalled process): a worker has the body
            return Accepted(ingestion_id, "queued")
        except Exception as exc:
            # Stored, so never a 5xx: the queue retries it. Should recording the retry fail too (the database
            # went away), the body's lease lapses and a worker takes it up all the same.
            try:
                await self.queue.handle_failure(stored_body, exc)
            except Exception:
                log.exception("could not queue ingestion %s for a retry; its lease will lapse", ingestion_id)
            self.queue.wake()
            return Accepted(ingestion_id, "queued")
        # the audit row for an accepted body carries its counts once they are known
        self._record("ingestion_processed", body, ingestion_id=ingestion_id, processed=out["processed"])
        return Accepted(ingestion_id, "processed", out)

    def _record(self, action: str, body: Body, **details) -> None:
        if self._audit is not None:
            self._audit.record(action, user_id=body.user_id, key_id=body.key_id, request_id=body.request_id, **details)

    async def archive(self, body: ingestions.NewBody):
        """ingestions.archive(), committed before the caller goes on. A body in one gzip piece (any phone's
        sync) shares the statement and its commit with the others arriving at once."""
        if len(body.gz_chunks) == 1:
            return await self._archives.submit(body)
        async with self._pool.acquire() as conn:
            return await ingestions.archive(conn, self._partitions, body)

    async def _archive_group(self, bodies: list[ingestions.NewBody]) -> list:
        async with self._pool.acquire() as conn:
            if len(bodies) == 1:
                return [await ingestions.archive(conn, self._partitions, bodies[0])]
            return await ingestions.archive_many(conn, self._partitions, bodies)
