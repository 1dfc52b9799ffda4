"""Group commit: what many phones send at once shares one statement, one transaction, one commit.

Alone, a sync of 50 samples paid about a dozen round trips to PostgreSQL (its archive, BEGIN, COPY and
merge per table, its status, COMMIT), and on a small VM each is a context switch both ways: with 64
phones at once that, not the rows, was the work. Items that arrive while a group is being handled go
together in the next group. There is no timer, so a lone sync waits for nothing, and a busy server makes
larger groups. Each item keeps its own outcome: a group that fails is handled again one item at a time,
so one bad body cannot fail the others.

Two uses (pipeline/accept.py and pipeline/process.py): the archive of small bodies (one INSERT for many,
committed before anything is processed), and their processing (one flush: COPY and merge per table, the merges
counting per body).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

log = logging.getLogger("healthsink.batching")
T = TypeVar("T")
R = TypeVar("R")


class Coalescer(Generic[T, R]):
    def __init__(
        self,
        handle: Callable[[list[T]], Awaitable[list[R]]],
        max_weight: int,
        weight: Callable[[T], int] = lambda item: 1,
        concurrency: int = 2,
    ) -> None:
        """`handle(items)` returns one result per item, in order. A group stops at `max_weight`; at most
        `concurrency` groups are handled at once (2: one in PostgreSQL while the next is prepared)."""
        self._handle = handle
        self._concurrency = concurrency
        self._max_weight = max_weight
        self._weight = weight
        self._pending: deque[tuple[T, asyncio.Future]] = deque()
        self._running = 0
        self._tasks: set[asyncio.Task] = set()

    async def submit(self, item: T) -> R:
        future = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if self._running < self._concurrency:
            self._running += 1
            task = asyncio.create_task(self._drain())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return await future

    async def _drain(self) -> None:
        try:
            while self._pending:
                await self._run(self._take())
        finally:
            self._running -= 1

    def _take(self) -> list[tuple[T, asyncio.Future]]:
        group, weight = [], 0
        while self._pending:
            w = self._weight(self._pending[0][0])
            if group and weight + w > self._max_weight:
                break
            group.append(self._pending.popleft())
            weight += w
        return group

    async def _run(self, group: list[tuple[T, asyncio.Future]]) -> None:
        try:
            results = await self._handle([item for item, _ in group])
        except Exception as exc:
            if len(group) == 1:
                _settle(group[0][1], exc=exc)
                return
            log.warning("a group of %d failed (%r): each is handled alone", len(group), exc)
        else:
            for (_, future), result in zip(group, results):
                _settle(future, result=result)
            return
        for item, future in group:  # which one failed? each alone, so the others still land
            try:
                (result,) = await self._handle([item])
            except Exception as exc:
                _settle(future, exc=exc)
            else:
                _settle(future, result=result)


def _settle(future: asyncio.Future, result=None, exc: BaseException | None = None) -> None:
    if future.done():  # its request was cancelled (the client went away)
        return
    if exc is not None:
        future.set_exception(exc)
    else:
        future.set_result(result)
