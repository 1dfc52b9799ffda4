"""`healthsink reprocess`: queue archived bodies again, process them with progress shown, and print each
body's first outcome beside the new one (the first is kept in raw_ingestions.first_result)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC

from healthsink.errors import NotFound
from healthsink.store import db, ingestions, reprocess

PROGRESS_EVERY_S = 1.0
LIST_UP_TO = 20  # more bodies than this: totals only
WAIT_FOR_OTHERS_S = 600  # bodies a running server's workers took: how long to wait for them


def _total(result: dict | None) -> int | None:
    return None if not result else sum(result.get("processed", {}).values())


def _counts(result: dict | None) -> str:
    if not result:
        return "-"
    totals = {k: sum(result.get(k, {}).values()) for k in ("processed", "inserted", "updated", "duplicates")}
    parts = [f"{k} {v}" for k, v in totals.items()]
    errors = len(result.get("errors", [])) + result.get("errors_omitted", 0)
    return ", ".join(parts) + (f", errors {errors}" if errors else "")


async def run(cfg, args) -> int:
    from healthsink.pipeline import Ingestor
    from healthsink.store.partitions import Partitions

    since = args.since.replace(tzinfo=args.since.tzinfo or UTC) if args.since else None
    pool = await db.create_pool(db.database_url(cfg), 1, 3)
    try:
        async with pool.acquire() as conn, conn.transaction():
            await reprocess.keep_first_outcome(conn, args.id, args.failed, since)
            rows = await ingestions.requeue(conn, args.id, args.failed, since)
        if args.id is not None and not rows:
            raise NotFound(
                f"no archived body {args.id} to reprocess (unknown id, a duplicate of another body, "
                "or being processed right now)"
            )
        ids = [r["id"] for r in rows]
        print(f"queued {len(ids)} bod{'y' if len(ids) == 1 else 'ies'} for processing", flush=True)
        await _process(pool, Ingestor(pool, cfg, Partitions()), ids)
        async with pool.acquire() as conn:
            return _report(await reprocess.outcomes(conn, ids))
    finally:
        await pool.close()


async def _process(pool, ingestor, ids: list[int]) -> None:
    """Process here until the queue is empty, then wait for bodies a running server took; say how far."""
    done_here, last, deadline = 0, 0.0, time.monotonic() + WAIT_FOR_OTHERS_S
    while True:
        worked = await ingestor.queue.process_next()
        done_here += worked
        if time.monotonic() - last >= PROGRESS_EVERY_S or not worked:
            async with pool.acquire() as conn:
                states = [r["status"] for r in await reprocess.outcomes(conn, ids)]
            finished = sum(s in ("processed", "failed") for s in states)
            print(f"  {finished}/{len(ids)} done ({done_here} here)", flush=True)
            last = time.monotonic()
            if finished == len(ids) or (not worked and time.monotonic() > deadline):
                return
            if not worked:
                await asyncio.sleep(0.5)


def _report(rows) -> int:
    failed = [r for r in rows if r["status"] == "failed"]
    for r in rows[:LIST_UP_TO]:
        print(
            f"{r['id']}\t{r['status']}\tfirst: {_counts(r['first_result'])}\tnow: {_counts(r['result'])}"
            + (f"\terror: {r['error']}" if r["error"] else "")
        )
    if len(rows) > LIST_UP_TO:
        first = sum(_total(r["first_result"]) or 0 for r in rows)
        now = sum(_total(r["result"]) or 0 for r in rows)
        print(f"... {len(rows) - LIST_UP_TO} more; items processed in all: first {first}, now {now}")
    if failed:
        print(f"{len(failed)} failed; run `healthsink reprocess --failed` again once the cause is fixed")
    return 0  # a body that fails again is an outcome, shown above, not a failure of this command
