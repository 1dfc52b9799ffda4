"""Many phones' small syncs share one flush: one transaction, one COPY and one merge per table.

Alone, a sync of 50 samples paid about a dozen round trips to PostgreSQL (BEGIN, COPY and merge per table,
its status, COMMIT), and on a small VM each is a context switch both ways: with 64 phones at once that,
not the rows, was the work. Syncs that arrive while a flush runs go together in the next one (group
commit). There is no timer, so a lone sync waits for nothing, and a busy server flushes larger batches.
Every body keeps its own counts, since the merges return them per ingestion_id, and its own outcome: a
batch that fails is flushed again one body at a time, so one bad body cannot fail the others.
"""
from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field

from healthsink.ingest.result import Result
from healthsink.ingest.tables import BY_KEY
from healthsink.store import ingestions
from healthsink.store.flush import Merged, flush
from healthsink.store.partitions import Partitions

# Flushes at once: one can be in PostgreSQL while the other copies, on two cores.
FLUSHERS = 2


@dataclass
class _Job:
    user_id: int
    ingestion_id: int
    rows: dict[str, list[tuple]]
    result: Result
    started: float
    future: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())

    @property
    def size(self) -> int:
        return sum(map(len, self.rows.values()))


class Batcher:
    def __init__(self, pool, partitions: Partitions, max_rows: int) -> None:
        self._pool = pool
        self._partitions = partitions
        self._max_rows = max_rows
        self._pending: deque[_Job] = deque()
        self._flushing = 0
        self._tasks: set[asyncio.Task] = set()

    async def submit(self, user_id: int, ingestion_id: int, rows: dict[str, list[tuple]], result: Result,
                     started: float) -> dict:
        """Store one claimed body's rows and mark it processed; returns its outcome (Result.outcome)."""
        job = _Job(user_id, ingestion_id, rows, result, started)
        self._pending.append(job)
        if self._flushing < FLUSHERS:
            self._flushing += 1
            task = asyncio.create_task(self._drain())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return await job.future

    async def _drain(self) -> None:
        try:
            while self._pending:
                await self._flush(self._take())
        finally:
            self._flushing -= 1

    def _take(self) -> list[_Job]:
        jobs, rows = [], 0
        while self._pending and (not jobs or rows + self._pending[0].size <= self._max_rows):
            job = self._pending.popleft()
            jobs.append(job)
            rows += job.size
        return jobs

    async def _flush(self, jobs: list[_Job]) -> None:
        try:
            await self._flush_together(jobs)
            return
        except Exception as exc:
            if len(jobs) == 1:
                _settle(jobs[0], exc=exc)
                return
        for job in jobs:   # which body failed? each alone, so the others still land
            try:
                await self._flush_together([job])
            except Exception as exc:
                _settle(job, exc=exc)

    async def _flush_together(self, jobs: list[_Job]) -> None:
        batch: dict[str, list[tuple]] = {}
        for job in jobs:
            for key, rows in job.rows.items():
                batch.setdefault(key, []).extend(rows)
        outcomes: dict[int, dict] = {}

        async def record(conn, merged: Merged) -> None:
            results = {job.ingestion_id: job.result.copy() for job in jobs}
            for key, ingestion_id, staged, inserted, updated in merged:
                results[ingestion_id].add_merge(BY_KEY[key].family, staged, inserted, updated)
            for job in jobs:
                outcomes[job.ingestion_id] = results[job.ingestion_id].outcome(job.started)
            await ingestions.mark_processed(conn, [(j.user_id, j.ingestion_id, outcomes[j.ingestion_id])
                                                   for j in jobs])

        async with self._pool.acquire() as conn:
            await flush(conn, self._partitions, BY_KEY, batch, then=record)
        for job in jobs:
            _settle(job, out=outcomes[job.ingestion_id])


def _settle(job: _Job, out: dict | None = None, exc: BaseException | None = None) -> None:
    if job.future.done():   # its request was cancelled (the client went away)
        return
    if exc is not None:
        job.future.set_exception(exc)
    else:
        job.future.set_result(out)
