"""Background tasks a process owns (the monitor, the rollup refresher, the replica watch, the metrics refresh)."""

from __future__ import annotations

import asyncio
import contextlib


async def cancel(task: asyncio.Task | None) -> None:
    """Stop a background task and wait until it has: its cancellation is the expected way out, not an error."""
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
