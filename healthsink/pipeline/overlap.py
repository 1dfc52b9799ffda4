"""Parsing and storing at once: a parser thread fills the next batch of rows while PostgreSQL merges the last.

Two cores: Python on one, PostgreSQL on the other. At most two batches wait between them, so memory stays flat
whatever the size of the body or file. A big body's processing and an Apple export's import both run this way.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable

from healthsink.ingest.rows import RowBuilder
from healthsink.store import flush
from healthsink.store.partitions import Partitions

_DONE = object()


class Stopped(Exception):
    """Raised in the parser thread when the storing side has given up: the parser ends quietly."""


async def parse_and_store(
    pool,
    partitions: Partitions,
    builder: RowBuilder,
    parse: Callable[[Callable[[], None]], None],
    after_batch: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Run `parse(hand_over)` in a thread; each `hand_over()` passes the builder's rows to be stored (waiting
    while two batches are queued). What is parsed before a failure is stored, then the failure raised here.
    Counts and refused rows go to `builder.result`; `after_batch()` runs after each stored batch."""
    loop = asyncio.get_running_loop()
    handoff: asyncio.Queue = asyncio.Queue(maxsize=2)
    stop = threading.Event()
    # Closed while a batch is COPY'd: the parser (one thread, holding the GIL while it runs) would otherwise
    # slow the COPY two- to threefold, and PostgreSQL waits for it. It runs on during the merges.
    gate = builder.gate = threading.Event()
    gate.set()

    def put(item) -> None:
        if stop.is_set():
            raise Stopped
        asyncio.run_coroutine_threadsafe(handoff.put(item), loop).result()

    def hand_over() -> None:
        put(builder.take())

    def run() -> None:
        try:
            parse(hand_over)
            hand_over()
            put(_DONE)
        except Stopped:
            pass
        except BaseException as exc:  # raised on the event loop, after the rows parsed before it are stored
            try:
                hand_over()
                put(exc)
            except Stopped:
                pass

    parser = loop.run_in_executor(None, run)
    try:
        while True:
            item = await handoff.get()
            if item is _DONE:
                break
            if isinstance(item, BaseException):
                raise item
            if item:
                gate.clear()
                try:
                    async with pool.acquire() as conn:
                        builder.result.add_flushed(await flush.flush(conn, partitions, item, copied=gate.set))
                finally:
                    gate.set()
            if after_batch is not None:
                await after_batch()
    finally:
        stop.set()
        gate.set()
        while not parser.done():  # unblock a parser waiting to hand over a batch
            while not handoff.empty():
                handoff.get_nowait()
            await asyncio.sleep(0.005)
